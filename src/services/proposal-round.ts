import { EntityManager } from 'typeorm';
import { PreparedStatement } from '../db/prepared-statement';
import { Level, LevelCounts } from '../rules';
import { RatingRow } from './subject-facts';

/** The place of a proposal vote and its figures so far: those eligible there, and the levels proposed for the others. */
export interface ProposalRound {
  place: string;
  eligible: number;
  proposed: LevelCounts;
}

const PROPOSED_LEVELS = `count(*) FILTER (WHERE x.proposed_level = 'EXCELLENT')::int AS "EXCELLENT", count(*) FILTER (WHERE x.proposed_level = 'GOOD')::int AS "GOOD",
       count(*) FILTER (WHERE x.proposed_level = 'COMPLETE')::int AS "COMPLETE", count(*) FILTER (WHERE x.proposed_level = 'NOT_COMPLETE')::int AS "NOT_COMPLETE"`;
const NOT_SETTLED_UNRATED = (ref: string) =>
  `NOT EXISTS (SELECT 1 FROM rating n WHERE n.cycle_id = $1 AND n.subject_kind = $2 AND n.subject_ref_id = ${ref} AND n.annulled_at IS NULL AND n.stage = 'NOT_RATED')`;

/**
 * A branch votes its proposals for its members (001 appendix §3): the round is the member's branch,
 * the eligible its members rated in the cycle (DOMAIN §15.5).
 */
const BRANCH_ROUND = new PreparedStatement(
  `SELECT (SELECT code FROM unit WHERE id = $3) AS place,
          (SELECT count(*)::int FROM membership m WHERE m.branch_id = $3 AND m.status IN ('OFFICIAL', 'PROBATIONARY')
              AND m.admitted_on + make_interval(months => $5::int) <= $6::date AND ${NOT_SETTLED_UNRATED('m.id')}) AS eligible,
          ${PROPOSED_LEVELS}
     FROM rating x WHERE x.cycle_id = $1 AND x.subject_kind = $2 AND x.unit_id = $3 AND x.annulled_at IS NULL AND x.proposed_level IS NOT NULL AND x.id <> $4`,
);

/** A leadership collective votes its proposals for its own members (003 §4.4): the round is the collective of the leader's post. */
const COLLECTIVE_ROUND = new PreparedStatement(
  `WITH round AS (SELECT po.id FROM post po WHERE po.collective_id = (SELECT collective_id FROM post WHERE id = $3)
                     AND po.starts_on <= $5::date AND (po.ends_on IS NULL OR po.ends_on >= $5::date))
   SELECT (SELECT c.code FROM collective c JOIN post p ON p.collective_id = c.id WHERE p.id = $3) AS place,
          (SELECT count(*)::int FROM round WHERE ${NOT_SETTLED_UNRATED('round.id')}) AS eligible,
          ${PROPOSED_LEVELS}
     FROM rating x WHERE x.cycle_id = $1 AND x.subject_kind = $2 AND x.subject_ref_id IN (SELECT id FROM round)
      AND x.annulled_at IS NULL AND x.proposed_level IS NOT NULL AND x.id <> $4`,
);

/** The round a proposal for the subject belongs to, without the subject's own proposal; null for kinds proposed one by one. */
export async function proposalRound(
  em: EntityManager,
  r: RatingRow,
  referenceDate: string,
  minMonths: number,
): Promise<ProposalRound | null> {
  type Row = Record<Level, number> & { place: string | null; eligible: number };
  let row: Row;
  if (r.subjectKind === 'PARTY_MEMBER')
    [row] = await BRANCH_ROUND.run<Row>(em, [r.cycleId, r.subjectKind, r.unitId, r.id, minMonths, referenceDate]);
  else if (r.subjectKind === 'LEADER')
    [row] = await COLLECTIVE_ROUND.run<Row>(em, [r.cycleId, r.subjectKind, r.subjectRefId, r.id, referenceDate]);
  else return null;
  if (!row.place) return null;
  return {
    place: row.place,
    eligible: row.eligible,
    proposed: { EXCELLENT: row.EXCELLENT, GOOD: row.GOOD, COMPLETE: row.COMPLETE, NOT_COMPLETE: row.NOT_COMPLETE },
  };
}
