import { SqlParams } from '../db/sql-params';
import { UNIT_KINDS, tierOfUnitKind } from '../model/kinds';
import { SETTLED_STAGES } from '../rules/stages';
import { Milestone, SUBJECT_TASKS } from '../rules/deadlines';

/** SQL for the tier of a unit (alias `unit`), written out from `tierOfUnitKind` so that SQL and code cannot disagree. */
export const tierSql = (unit: string) =>
  `(CASE ${unit}.kind ${UNIT_KINDS.map((k) => `WHEN '${k}' THEN '${tierOfUnitKind(k)}'`).join(' ')} END)`;

/**
 * A LATERAL subquery giving the deadline of `task` (an SQL expression) for a subject at a unit's tier in
 * a cycle (`due_on`, `source`, `tier`); tiers without one of their own (branches) fall back to the grassroots one.
 */
export const deadlineSql = (cycleParam: string, unit: string, task: string) =>
  `(SELECT due_on, source, tier FROM cycle_deadline WHERE cycle_id = ${cycleParam} AND task = ${task} AND tier IN (${tierSql(unit)}, 'GRASSROOTS')
     ORDER BY (tier = ${tierSql(unit)}) DESC LIMIT 1)`;

/** The RATING_DONE deadline of a unit's tier: when a subject must be rated. */
export const ratingDeadlineSql = (cycleParam: string, unit: string) => deadlineSql(cycleParam, unit, `'RATING_DONE'`);

/**
 * The deadline of each of `tasks` for each kind of unit (`kind`, `task`, `due_on`, `tier`, `source`), computed once: subjects and
 * groups of the subject tally take theirs by the kind of their unit, not each its own.
 */
export const dueByUnitKindSql = (p: SqlParams, cycleParam: string, tasks: readonly string[]) =>
  `SELECT k.kind, t.task, d.due_on, d.tier, d.source FROM unnest(${p.add([...UNIT_KINDS])}::text[]) AS k(kind)
     CROSS JOIN unnest(${p.add([...tasks])}::text[]) AS t(task) JOIN LATERAL ${deadlineSql(cycleParam, 'k', 't.task')} d ON TRUE`;

const settledSql = (rating: string) => `COALESCE(${rating}.stage, 'OPEN') IN (${SETTLED_STAGES.map((x) => `'${x}'`).join(', ')})`;

const MILESTONE_SQL: Record<Milestone, (rating: string) => string> = {
  SETTLED: settledSql,
  REVIEWED: (r) => `(${r}.review_held_on IS NOT NULL OR ${settledSql(r)})`,
  // A subject none was asked about has none outstanding; one not yet opened is late on RATING_DONE instead.
  CONSULTED: (r) => `NOT EXISTS (SELECT 1 FROM consultation k WHERE k.rating_id = ${r}.id AND k.given_at IS NULL)`,
};

/** "The subject's rating (alias `rating`, maybe none yet) has met the subject task `task`" (an SQL expression), from `SUBJECT_TASKS`. */
export const subjectTaskMetSql = (task: string, rating: string) =>
  `(CASE ${task} ${Object.entries(SUBJECT_TASKS)
    .map(([t, m]) => `WHEN '${t}' THEN ${MILESTONE_SQL[m](rating)}`)
    .join(' ')} ELSE TRUE END)`;

/** "The subject's rating (alias `rating`, maybe none yet) is not settled", from the stage machine's list. */
export const notSettledSql = (rating: string) => `NOT (${settledSql(rating)})`;

/** "The rating (alias `rating`) is in progress": the current one (not annulled), not settled. */
export const inProgressSql = (rating: string) => `${rating}.annulled_at IS NULL AND ${notSettledSql(rating)}`;
