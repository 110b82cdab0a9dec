import { EntityManager } from 'typeorm';
import { SqlParams, underPrefix } from '../db/sql-params';
import { ReportSubtree } from './subtree';
import { tallyScope, wholeCountry } from './stage-counts';
import { deadlineSql, dueByUnitKindSql, notSettledSql, subjectTaskMetSql } from './deadline-sql';
import { SubjectAbility } from '../policies/ability';
import { CycleAbility } from '../policies/request-policy';
import { RatingSubjectType } from '../schema/authority-types';
import { OverdueItemType } from '../schema/follow-up-types';
import { ConnectionShape, PageArgs, checkPageArgs, keysetPage } from '../schema/pagination';
import { currentRatingJoin, currentRatingLookup } from './current-rating';
import { SUBJECT_TASKS } from '../rules/deadlines';
import { countryOverduePage, walksTheCountry } from './overdue-country';
import { readScopeOf } from '../policies/read-scope';
import { subjectByKey } from '../data/subjects';

/**
 * How many subjects the caller may read are not settled by the deadline of their unit's tier as of `asOf`, optionally
 * within a subtree: counted from the subject tally's groups in scope and the few subjects admitted one by one, as the
 * report's stages are (stage-counts.ts). Counting the subjects themselves took the country's administrator 12.8 s.
 */
export function lateSubjects(
  em: EntityManager,
  cycle: Pick<CycleAbility, 'ability' | 'cycleId'>,
  subtree: ReportSubtree | null,
  asOf: string,
): Promise<number> {
  // Late: due before the day asked, so on or before the day before it.
  return unsettledByDeadline(em, cycle, subtree, { tasks: ['RATING_DONE'], asOf, dueWithinDays: -1 });
}

/**
 * How many subjects the caller may read (within a subtree, of `kinds`) are not settled while the deadline of one of
 * `tasks` (met by a settled rating) for their unit's tier falls on or before `asOf` plus `dueWithinDays`, a subject
 * counted once per task: the subject tally's groups in scope, and the few subjects admitted one by one.
 */
async function unsettledByDeadline(
  em: EntityManager,
  cycle: Pick<CycleAbility, 'ability' | 'cycleId'>,
  subtree: ReportSubtree | null,
  f: { tasks: string[]; asOf: string; dueWithinDays: number; kinds?: string[] | null },
): Promise<number> {
  const p = new SqlParams();
  const c = p.add(cycle.cycleId);
  const subjects = settlementByUnitKind(p, c, cycle.ability, subtree, { unsettledOnly: true });
  const kinds = f.kinds?.length ? `AND x."subjectKind" = ANY(${p.add(f.kinds)})` : '';
  const read = async (on: EntityManager) =>
    (
      await on.query<{ n: number }[]>(
        `WITH due AS (${dueByUnitKindSql(p, c, f.tasks)})
         SELECT COALESCE(sum(x.n) FILTER (WHERE x.visible), 0)::int AS n FROM (${subjects}) x JOIN due ON due.kind = x.kind
          WHERE due.due_on <= ${p.add(f.asOf)}::date + ${p.add(f.dueWithinDays)}::int ${kinds}`,
        p.values,
      )
    )[0].n;
  return wholeCountry(em, subtree?.path ?? null, subtree?.unitsThen ?? null, read);
}

/**
 * The subjects the caller may read (within a subtree), as the subject tally counts them: how many (`n`), whether they
 * count (`visible`), whether they are settled, the kind of their unit, which says their deadlines (dueByUnitKindSql),
 * and their own kind (`subjectKind`). `unsettledOnly`: those not settled alone, left out as the tally is read (a
 * country's groups are 700,000).
 */
export function settlementByUnitKind(
  p: SqlParams,
  cycle: string,
  ability: SubjectAbility,
  subtree: ReportSubtree | null,
  { unsettledOnly = false } = {},
): string {
  const scope = tallyScope(ability, 'read', p, subtree?.path ?? null, subtree?.unitsThen ?? null);
  const only = (alias: string) => (unsettledOnly ? `AND ${notSettledSql(alias)}` : '');
  const groups = `SELECT t.n, ${scope.visible} AS visible, NOT ${notSettledSql('t')} AS settled, u.kind, t.kind AS "subjectKind"
      FROM subject_tally t JOIN unit u ON u.path = t.unit_path WHERE t.cycle_id = ${cycle} AND ${scope.groups} ${only('t')}`;
  if (!scope.oneByOne) return groups;
  return `${groups} UNION ALL
    SELECT 1, TRUE, NOT ${notSettledSql('r')}, u.kind, a.kind FROM rating_subject a JOIN unit u ON u.id = a.unit_id
      ${currentRatingJoin(cycle)}
     WHERE ${scope.oneByOne} ${only('r')}`;
}

export interface OverdueFilter {
  asOf: string;
  /** Also the subjects due within this many days. */
  dueWithinDays: number;
  kinds?: string[] | null;
  /** The deadlines judged by: tasks a subject's rating meets (src/rules/deadlines.ts). */
  tasks: string[];
  /** Only subjects in this subtree. */
  withinPath?: string | null;
}

/**
 * The subjects the caller may read not settled by the deadline of their tier (or due within some days), most late first.
 * The subjects in scope are sorted first (`dueSubjects`), then each one's current rating is looked up in that order until
 * the page is full, and the count is the tally's: looked up for every subject and then sorted, and counted row by row,
 * a province's 168,000 subjects took 1.8 s through the API (0.3 s so).
 */
export function overduePage(
  em: EntityManager,
  ability: CycleAbility,
  args: PageArgs,
  f: OverdueFilter,
): Promise<ConnectionShape<OverdueItemType>> {
  if (readScopeOf(ability.viewer).all && !f.withinPath && walksTheCountry(f.tasks))
    return countryOverduePage(em, ability, args, f, toOverdueItem);
  const p = new SqlParams();
  const cycle = p.add(ability.cycleId);
  const order = checkPageArgs(args).backwards ? 'DESC' : 'ASC';
  const due = dueSubjects(p, cycle, ability, f, f.tasks);
  return keysetPage(em, args, {
    select: `s.kind, s.ref_id::text AS "refId", s.code, s.label, s.unit_id::text AS "unitId", s.category, s.person_id::text AS "personId",
             k.task, k.tier, k.due_on::text AS "dueOn", k."daysLate", k.stage, k.source, s.ref_id AS "dbId"`,
    from: `(${due.sql} ORDER BY "sortKey" ${order}, ref_id ${order}) s ${currentRatingLookup(cycle, 's')}`,
    where: [...(due.noneInScope ? ['FALSE'] : []), `NOT ${subjectTaskMetSql('s.task', 'r')}`],
    params: p,
    sortKey: 's."sortKey"',
    idKey: 's.ref_id',
    // The subjects are sorted narrow (a province's spilled 29 MB to disk, 15 MB so: 335 → 270 ms); those shown are read again.
    joinAfter: {
      alias: 'k',
      keep: 's.kind, s.ref_id, s.task, s.tier, s.due_on, s."daysLate", s.source, r.stage',
      join: subjectByKey('s', 'k.kind', 'k.ref_id'),
    },
    map: toOverdueItem,
    count: () => overdueCount(em, ability, f),
  });
}

/**
 * The subjects the caller may read (within `f.withinPath`, of `f.kinds`) whose deadline for each of `tasks` is due by
 * `f.asOf` and `f.dueWithinDays`, a row per subject and task, with the page's sort key: settled or not. For a task a
 * subject meets once its consultations are answered, only the subjects with one unanswered are read: the country's
 * subjects sorted for it took the administrator 7.8–8.6 s. `noneInScope`: the caller's scope holds none of them (the
 * page then reads nothing).
 */
function dueSubjects(p: SqlParams, cycle: string, ability: CycleAbility, f: OverdueFilter, tasks: string[]) {
  const scope = ability.where('read', p, 'a', f.withinPath);
  const where = [
    scope,
    ...(f.withinPath ? [underPrefix('a.unit_path', p, f.withinPath)] : []),
    `d.due_on <= q.as_of + ${p.add(f.dueWithinDays)}::int`,
  ];
  if (f.kinds?.length) where.push(`a.kind = ANY(${p.add(f.kinds)})`);
  const asOf = p.add(f.asOf);
  const part = (subjects: string, asked: string[]) =>
    `SELECT a.kind, a.ref_id, t.task, d.tier, d.due_on, (q.as_of - d.due_on) AS "daysLate", d.source,
        ((d.due_on::text || ' ' || t.task || ' ' || a.kind || ' ' || a.code) COLLATE "C") AS "sortKey"
      FROM ${subjects} JOIN unit u ON u.id = a.unit_id CROSS JOIN (SELECT ${asOf}::date AS as_of) q
      CROSS JOIN unnest(${p.add(asked)}::text[]) AS t(task)
      JOIN LATERAL ${deadlineSql(cycle, 'u', 't.task')} d ON TRUE
      WHERE ${where.join(' AND ')}`;
  const consulted = tasks.filter((t) => SUBJECT_TASKS[t] === 'CONSULTED');
  const others = tasks.filter((t) => SUBJECT_TASKS[t] !== 'CONSULTED');
  const awaiting = `(SELECT DISTINCT r.subject_kind, r.subject_ref_id FROM consultation k JOIN rating r ON r.id = k.rating_id
      WHERE k.given_at IS NULL AND r.cycle_id = ${cycle} AND r.annulled_at IS NULL) o
    ${subjectByKey('a', 'o.subject_kind', 'o.subject_ref_id')}`;
  const parts = [...(others.length ? [part('rating_subject a', others)] : []), ...(consulted.length ? [part(awaiting, consulted)] : [])];
  return { sql: parts.join(' UNION ALL '), noneInScope: scope === 'FALSE' };
}

/**
 * How many items the overdue page lists: for a task met by a settled rating, the subject tally's groups not settled
 * summed (as `lateSubjects`); for the others, the subjects counted one by one. Counted row by row, a province's took
 * 0.8 s.
 */
async function overdueCount(em: EntityManager, ability: CycleAbility, f: OverdueFilter): Promise<number> {
  const tallied = f.tasks.filter((t) => SUBJECT_TASKS[t] === 'SETTLED');
  const rowByRow = f.tasks.filter((t) => SUBJECT_TASKS[t] !== 'SETTLED');
  let n = 0;
  if (tallied.length) {
    const subtree = f.withinPath ? { path: f.withinPath, unitsThen: null } : null;
    n += await unsettledByDeadline(em, ability, subtree, { ...f, tasks: tallied });
  }
  if (rowByRow.length) {
    const p = new SqlParams();
    const cycle = p.add(ability.cycleId);
    const due = dueSubjects(p, cycle, ability, f, rowByRow);
    const [row] = await em.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (${due.sql}) s ${currentRatingLookup(cycle, 's')} WHERE NOT ${subjectTaskMetSql('s.task', 'r')}`,
      p.values,
    );
    n += row.n;
  }
  return n;
}

/** An overdue item from its row (`overduePage`'s columns). */
function toOverdueItem(row: Record<string, unknown>): OverdueItemType {
  return {
    subject: Object.assign(new RatingSubjectType(), {
      kind: row.kind,
      refId: row.refId,
      code: row.code,
      label: row.label,
      unitId: row.unitId,
      category: row.category,
      personId: row.personId,
    }),
    task: row.task as string,
    tier: row.tier as string,
    dueOn: row.dueOn as string,
    daysLate: Number(row.daysLate),
    stage: row.stage as string | null,
    source: row.source as string,
  };
}
