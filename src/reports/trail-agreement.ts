import { EntityManager } from 'typeorm';
import { SUBJECT_TALLY_SQL } from '../../migrations/1732000000008-subject-tally';
import { QUOTA_TALLY_COLUMNS, QUOTA_TALLY_SQL } from '../../migrations/1732000000051-quota-tally';
import { SqlParams } from '../db/sql-params';
import { AuditsTrail, sql } from '../policies/request-policy';
import { ChainCheck } from '../services/audit-log';

/** A rating whose stored state is not what its audit trail says. */
export interface StateDifference {
  ratingId: string;
  subject: string;
  field: string;
  stored: string | null;
  trail: string | null;
}

/** The rows where a maintained tally (its `columns` and `n`) and `recount`, the same counted from the rows, disagree (none when it is exact). */
const differences = (table: string, columns: string, recount: string) => `
  (SELECT ${columns}, n FROM ${table} WHERE n <> 0 EXCEPT ${recount})
  UNION ALL (${recount} EXCEPT SELECT ${columns}, n FROM ${table})`;

/** The groups where the maintained subject tally and a count of the rows disagree. */
export const TALLY_DIFFERENCES = differences(
  'subject_tally',
  'cycle_id, kind, unit_path, unit_depth, category, stage, level',
  SUBJECT_TALLY_SQL,
);

/** The quota scopes and levels where the maintained quota tally and a count of the decided ratings disagree. */
export const QUOTA_TALLY_DIFFERENCES = differences('quota_tally', QUOTA_TALLY_COLUMNS, QUOTA_TALLY_SQL);

/**
 * Replays the trail of every rating within `scope` (a condition on `r.unit_path`): the state the last
 * event about it left (stage, decided level, version) and whether a re-rating annulled it, against the
 * stored row. A rating with no event at all is a difference too (it was written around the workflow).
 * Returns the number of ratings checked, every difference counted, and the first `limit` of them.
 */
export async function ratingsAgainstTrail(em: EntityManager, policy: AuditsTrail, limit: number) {
  const p = new SqlParams();
  const scope = sql(policy.auditTrail(p, 'r.unit_path'));
  const [row] = await em.query<{ checked: number; total: number; first: StateDifference[] }[]>(
    `WITH last AS (SELECT DISTINCT ON (e.entity_id) e.entity_id, e.after FROM audit_event e
                    WHERE e.entity = 'rating' AND e.after ? 'stage' ORDER BY e.entity_id, e.id DESC),
          annulled AS (SELECT DISTINCT e.before ->> 'annulled' AS id FROM audit_event e WHERE e.entity = 'rating' AND e.action = 'reRate'),
          checked AS (SELECT r.* FROM rating r WHERE ${scope}),
          differences AS (
            SELECT r.id::text AS "ratingId", r.subject_code AS subject, f.field, f.stored, f.trail
              FROM checked r LEFT JOIN last l ON l.entity_id = r.id::text
             CROSS JOIN LATERAL (VALUES
               ('trail', 'present', CASE WHEN l.entity_id IS NULL THEN 'none' ELSE 'present' END),
               ('stage', r.stage, l.after ->> 'stage'),
               ('decidedLevel', r.decided_level, l.after ->> 'decidedLevel'),
               ('version', r.version::text, l.after ->> 'version'),
               ('annulled', (r.annulled_at IS NOT NULL)::text, (r.id::text IN (SELECT id FROM annulled))::text)
             ) AS f(field, stored, trail)
             -- Without any trail, one difference says so rather than one per field.
             WHERE CASE WHEN l.entity_id IS NULL THEN f.field = 'trail' ELSE f.stored IS DISTINCT FROM f.trail END)
     SELECT (SELECT count(*)::int FROM checked) AS checked, (SELECT count(*)::int FROM differences) AS total,
            COALESCE((SELECT json_agg(d) FROM (SELECT * FROM differences ORDER BY "ratingId"::bigint, field LIMIT ${p.add(limit)}) d), '[]') AS first`,
    p.values,
  );
  return row;
}

/**
 * The tally groups within the caller's audit scope that disagree with the rows: the subject tally's by their unit, the
 * quota tally's by the unit of the deciding body.
 */
export async function tallyDifferences(em: EntityManager, policy: AuditsTrail): Promise<number> {
  const p = new SqlParams();
  const [{ n }] = await em.query<{ n: number }[]>(
    `SELECT (SELECT count(*) FROM (${TALLY_DIFFERENCES}) d WHERE ${sql(policy.auditTrail(p, 'd.unit_path'))})::int
          + (SELECT count(*) FROM (${QUOTA_TALLY_DIFFERENCES}) d JOIN body b ON b.id = d.authority_body_id JOIN unit u ON u.id = b.unit_id
              WHERE ${sql(policy.auditTrail(p, 'u.path'))})::int AS n`,
    p.values,
  );
  return n;
}

/**
 * The chain is one line through every event, so its verdict is global; where it breaks is told only to
 * those whose audit scope holds the event there (`policy.auditTrail`: the caller's audit access to a path column).
 */
export async function breakWithinScope(em: EntityManager, policy: AuditsTrail, chain: ChainCheck): Promise<ChainCheck> {
  if (chain.valid || !chain.firstBrokenId) return chain;
  const p = new SqlParams();
  const [inScope] = await em.query<unknown[]>(
    `SELECT 1 FROM audit_event e WHERE e.id = ${p.add(chain.firstBrokenId)} AND ${sql(policy.auditTrail(p, 'e.unit_path'))}`,
    p.values,
  );
  return inScope
    ? chain
    : { ...chain, firstBrokenId: null, reason: 'the chain is broken at an event outside your audit scope (an administrator sees where)' };
}
