/**
 * Each subject (alias `a`: rating_subject or a kind's view) joined to its current rating of the cycle (alias `r`), if
 * it has one: the rating not annulled (rating_current_key, migration 0003).
 */
export const currentRatingJoin = (cycleParam: string) =>
  `LEFT JOIN rating r ON r.cycle_id = ${cycleParam} AND r.subject_kind = a.kind AND r.subject_ref_id = a.ref_id AND r.annulled_at IS NULL`;

/**
 * The same, looked up by its key for each subject (alias `subject`; OFFSET 0 keeps it a lookup): where subjects are
 * taken in an order until a page is full, and where row-level security does not bound the ratings (a caller who reads
 * the whole country) — joined, the administrator's overdue subjects `within` a province hashed the country's 4.4 million
 * ratings for its 170,000 subjects (the planner expecting 22,000): 6.1 s, so 1.0 s.
 */
export const currentRatingLookup = (cycleParam: string, subject = 'a') =>
  `LEFT JOIN LATERAL (SELECT r.* FROM rating r WHERE r.cycle_id = ${cycleParam} AND r.subject_kind = ${subject}.kind AND r.subject_ref_id = ${subject}.ref_id
     AND r.annulled_at IS NULL OFFSET 0) r ON TRUE`;
