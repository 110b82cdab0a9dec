import { EntityManager } from 'typeorm';
import { SUBJECT_TALLY_SQL } from '../../migrations/1732000000008-subject-tally';
import { NotRatedReason, notRatedOf } from '../rules';
import { inProgressSql } from '../reports/deadline-sql';
import { pathUpperBound } from '../db/sql-params';
import { SUBJECT_KINDS, subjectViewOf } from '../model/kinds';
import { appendAudit } from './audit-log';
import { rulesAt } from './effective-rules';
import { RATING_COLUMNS, RatingRow } from './subject-facts';
import { snapshot } from './workflow/core';

/* What a reorganization does to the ratings of the subjects it moves, merges or ends (004 §II.7.11; docs/reorganization.md). */

const RATING_CHILDREN = ['consultation', 'review_suggestion', 'complaint'];

/**
 * The subtrees a reorganization touched: as they were (`oldPaths`) and the units whose subtrees hold what moved now;
 * `levels`: units of which only the unit's own level changed (a unit merged into: what it held below stayed as it was).
 */
export interface Touched {
  oldPaths: string[];
  units: string[];
  levels?: string[];
}

/**
 * The subtrees touched, each once (one nested in another is counted with it), as ranges of paths (index-friendly,
 * unlike LIKE); a unit's own level is the range of its path alone (no path continues it with a character below '0').
 */
async function rangesOf(em: EntityManager, touched: Touched): Promise<[string, string][]> {
  const [{ paths, levels }] = await em.query<{ paths: string[]; levels: string[] }[]>(
    `SELECT ARRAY(SELECT p FROM unnest($1::text[]) p UNION SELECT path FROM unit WHERE id = ANY($2::bigint[])) AS paths,
            ARRAY(SELECT path FROM unit WHERE id = ANY($3::bigint[])) AS levels`,
    [touched.oldPaths, touched.units, touched.levels ?? []],
  );
  const within = (p: string) => paths.some((q) => q !== p && p.startsWith(q));
  return [
    ...paths.filter((p) => !within(p)).map((p): [string, string] => [p, pathUpperBound(p)]),
    ...levels.filter((p) => !within(p) && !paths.includes(p)).map((p): [string, string] => [p, `${p} `]),
  ];
}

/**
 * Ratings in progress follow their subjects to where these now are: unit and path, so that the new superior
 * acts and reads from the day of the change, the consultations and proposals already given kept. Settled
 * ratings keep the unit and path they were decided under: history is never rewritten. The subject tally of
 * the subtrees touched is counted again.
 */
export async function ratingsFollowSubjects(em: EntityManager, touched: Touched): Promise<void> {
  const ranges = await rangesOf(em, { oldPaths: touched.oldPaths, units: [] });
  const ids: string[] = [];
  // Kind by kind and subtree by subtree: each an index range in each cycle, joined to one subject view.
  for (const [lo, hi] of ranges)
    for (const kind of SUBJECT_KINDS) {
      const [moved] = await em.query<[{ id: string }[], number]>(
        `UPDATE rating r SET unit_id = s.unit_id, unit_path = s.unit_path, updated_at = now()
           FROM ${subjectViewOf(kind)} s
          WHERE r.cycle_id = ANY(ARRAY(SELECT id FROM cycle)) AND r.unit_path >= $1 AND r.unit_path < $2 AND r.subject_kind = $3
            AND ${inProgressSql('r')}
            AND s.ref_id = r.subject_ref_id AND (s.unit_id, s.unit_path) IS DISTINCT FROM (r.unit_id, r.unit_path)
          RETURNING r.id::text AS id`,
        [lo, hi, kind],
      );
      ids.push(...moved.map((m) => m.id));
    }
  if (ids.length)
    for (const t of RATING_CHILDREN)
      await em.query(`UPDATE ${t} x SET unit_path = r.unit_path FROM rating r WHERE r.id = x.rating_id AND r.id = ANY($1::bigint[])`, [
        ids,
      ]);
  await recountTally(em, await rangesOf(em, touched));
}

/**
 * Taken by a transaction that will count the subject tally again, before its first write to a rating (migration
 * 0043): two recounts that had each moved ratings waited for each other's hold on the tally.
 */
export async function lockTallyRecount(em: EntityManager): Promise<void> {
  await em.query(`SELECT subject_tally_recount_begin()`);
}

/**
 * The subject tally's groups under the subtrees touched, counted again from the rows (the rest of the country's
 * are not read). The lock is the full rebuild's (migration 0008): concurrent trigger moves wait for it.
 */
async function recountTally(em: EntityManager, ranges: [string, string][]): Promise<void> {
  await em.query(`LOCK TABLE subject_tally IN SHARE ROW EXCLUSIVE MODE`);
  // A subtree's subjects find their ratings by index: hashing every rating of the country took 4 of 6 s for a province.
  await em.query(`SELECT set_config('enable_hashjoin', 'off', true)`);
  for (const range of ranges) {
    await em.query(`DELETE FROM subject_tally WHERE unit_path >= $1 AND unit_path < $2`, range);
    await em.query(
      `INSERT INTO subject_tally (cycle_id, kind, unit_path, unit_depth, category, stage, level, n)
       SELECT * FROM (${SUBJECT_TALLY_SQL}) t WHERE t.unit_path >= $1 AND t.unit_path < $2`,
      range,
    );
  }
  await em.query(`SELECT set_config('enable_hashjoin', 'on', true)`);
}

interface Closing {
  row: RatingRow;
  reason: NotRatedReason;
  source: string;
}

/** Ratings in progress become NOT_RATED with their reason and clause, each change on the audit trail as the workflow's are. */
async function closeNotRated(em: EntityManager, closing: Closing[], recordedBy: string | null): Promise<void> {
  for (const { row, reason, source } of closing) {
    const [[after]] = await em.query<[RatingRow[], number]>(
      `UPDATE rating r SET stage = 'NOT_RATED', not_rated_reason = $2, not_rated_source = $3, version = version + 1, updated_at = now()
        WHERE r.id = $1 RETURNING ${RATING_COLUMNS('r')}`,
      [row.id, reason, source],
    );
    await appendAudit(em, {
      actorPersonId: recordedBy,
      actingForBodyId: null,
      delegationId: null,
      action: 'reorganized',
      entity: 'rating',
      entityId: row.id,
      before: snapshot(row),
      after: snapshot(after),
    });
  }
}

/**
 * The bodies and collectives a merger or a split ended (their work goes on in the successor's): their ratings
 * in progress close, reviewed and not rated, since the organization no longer exists to be rated.
 */
export async function closeRatingsOfEnded(
  em: EntityManager,
  ended: { bodies: string[]; collectives: string[] },
  recordedBy: string | null,
): Promise<void> {
  if (!ended.bodies.length && !ended.collectives.length) return;
  const rows = await em.query<RatingRow[]>(
    `SELECT ${RATING_COLUMNS('r')} FROM rating r
      WHERE ${inProgressSql('r')} AND ((r.subject_kind = 'PARTY_ORGANIZATION' AND r.subject_ref_id = ANY($1::bigint[]))
         OR (r.subject_kind = 'LEADERSHIP_COLLECTIVE' AND r.subject_ref_id = ANY($2::bigint[])))`,
    [ended.bodies, ended.collectives],
  );
  await closeNotRated(
    em,
    rows.map((row) => ({ row, reason: 'REORGANIZED', source: '004 §II.7.11' })),
    recordedBy,
  );
}

/** SQL: the day unit `u` (an alias) was founded, or last merged or split — the day 7.11's six months count from. */
export const organizedOnSql = (u: string) =>
  `GREATEST(${u}.founded_on, (SELECT max(s.effective_on) FROM unit_succession s WHERE ${u}.id IN (s.successor_id, s.predecessor_id)))::text`;

/**
 * The party organizations and collectives of units merged or split on a day, whose ratings are in progress in a
 * cycle whose reference date falls less than the pack's months after it: reviewed, not rated (004 §II.7.11).
 */
export async function reviewNewlyOrganized(em: EntityManager, unitIds: string[], day: string, recordedBy: string | null): Promise<void> {
  const open = await em.query<(RatingRow & { referenceDate: string })[]>(
    `SELECT ${RATING_COLUMNS('r')}, c.reference_date::text AS "referenceDate"
       FROM rating r JOIN cycle c ON c.id = r.cycle_id
      WHERE r.unit_id = ANY($1::bigint[]) AND r.subject_kind IN ('PARTY_ORGANIZATION', 'LEADERSHIP_COLLECTIVE') AND ${inProgressSql('r')}
        AND c.reference_date >= $2::date`,
    [unitIds, day],
  );
  const closing: Closing[] = [];
  for (const row of open) {
    const kind = row.subjectKind as 'PARTY_ORGANIZATION' | 'LEADERSHIP_COLLECTIVE';
    const notRated = notRatedOf({ kind, foundedOn: day }, row.referenceDate, await rulesAt(em, row.cycleId, row.unitPath));
    if (notRated) closing.push({ row, ...notRated });
  }
  await closeNotRated(em, closing, recordedBy);
}
