/**
 * Each subject (alias `a`: rating_subject or a kind's view) joined to its current rating of the cycle (alias `r`), if
 * it has one: the rating not annulled (rating_current_key, migration 0003).
 */
export const currentRatingJoin = (cycleParam: string) =>
  `LEFT JOIN rating r ON r.cycle_id = ${cycleParam} AND r.subject_kind = a.kind AND r.subject_ref_id = a.ref_id AND r.annulled_at IS NULL`;
