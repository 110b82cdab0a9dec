import { EntityManager } from 'typeorm';
import { SqlParams, underPrefix } from '../db/sql-params';
import { ReportSubtree } from './subtree';
import { tallyScope, wholeCountry } from './stage-counts';
import { deadlineSql, dueByUnitKindSql, notSettledSql, subjectTaskMetSql } from './deadline-sql';
import { SubjectAbility } from '../policies/ability';
import { CycleAbility } from '../policies/request-policy';
import { RatingSubjectType } from '../schema/authority-types';
import { OverdueItemType } from '../schema/follow-up-types';
import { ConnectionShape, PageArgs, keysetPage } from '../schema/pagination';
import { currentRatingJoin, currentRatingLookup } from './current-rating';
import { countryOverduePage, walksTheCountry } from './overdue-country';
import { readScopeOf } from '../policies/read-scope';

/**
 * How many subjects the caller may read are not settled by the deadline of their unit's tier as of `asOf`, optionally
 * within a subtree: counted from the subject tally's groups in scope and the few subjects admitted one by one, as the
 * report's stages are (stage-counts.ts). Counting the subjects themselves took the country's administrator 12.8 s.
 */
export async function lateSubjects(
  em: EntityManager,
  cycle: Pick<CycleAbility, 'ability' | 'cycleId'>,
  subtree: ReportSubtree | null,
  asOf: string,
): Promise<number> {
  const p = new SqlParams();
  const c = p.add(cycle.cycleId);
  const subjects = settlementByUnitKind(p, c, cycle.ability, subtree, { unsettledOnly: true });
  const read = async (on: EntityManager) =>
    (
      await on.query<{ late: number }[]>(
        `WITH due AS (${dueByUnitKindSql(p, c, ['RATING_DONE'])})
         SELECT COALESCE(sum(x.n) FILTER (WHERE x.visible), 0)::int AS late
           FROM (${subjects}) x JOIN due ON due.kind = x.kind WHERE due.due_on < ${p.add(asOf)}::date`,
        p.values,
      )
    )[0].late;
  return wholeCountry(em, subtree?.path ?? null, subtree?.unitsThen ?? null, read);
}

/**
 * The subjects the caller may read (within a subtree), as the subject tally counts them: how many (`n`), whether they
 * count (`visible`), whether they are settled, and the kind of their unit, which says their deadlines (dueByUnitKindSql).
 * `unsettledOnly`: those not settled alone, left out as the tally is read (a country's groups are 700,000).
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
  const groups = `SELECT t.n, ${scope.visible} AS visible, NOT ${notSettledSql('t')} AS settled, u.kind
      FROM subject_tally t JOIN unit u ON u.path = t.unit_path WHERE t.cycle_id = ${cycle} AND ${scope.groups} ${only('t')}`;
  if (!scope.oneByOne) return groups;
  return `${groups} UNION ALL
    SELECT 1, TRUE, NOT ${notSettledSql('r')}, u.kind FROM rating_subject a JOIN unit u ON u.id = a.unit_id
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

/** The subjects the caller may read not settled by the deadline of their tier (or due within some days), most late first. */
export function overduePage(
  em: EntityManager,
  ability: CycleAbility,
  args: PageArgs,
  f: OverdueFilter,
): Promise<ConnectionShape<OverdueItemType>> {
  const readsCountry = readScopeOf(ability.viewer).all;
  if (readsCountry && !f.withinPath && walksTheCountry(f.tasks)) return countryOverduePage(em, ability, args, f, toOverdueItem);
  const p = new SqlParams();
  const cycle = p.add(ability.cycleId);
  const where = [
    ability.where('read', p, 'a', f.withinPath),
    ...(f.withinPath ? [underPrefix('a.unit_path', p, f.withinPath)] : []),
    `NOT ${subjectTaskMetSql('t.task', 'r')}`,
    `d.due_on <= q.as_of + ${p.add(f.dueWithinDays)}::int`,
  ];
  if (f.kinds?.length) where.push(`a.kind = ANY(${p.add(f.kinds)})`);
  const from = `rating_subject a JOIN unit u ON u.id = a.unit_id CROSS JOIN (SELECT ${p.add(f.asOf)}::date AS as_of) q
    CROSS JOIN unnest(${p.add(f.tasks)}::text[]) AS t(task)
    JOIN LATERAL ${deadlineSql(cycle, 'u', 't.task')} d ON TRUE
    ${readsCountry ? currentRatingLookup(cycle) : currentRatingJoin(cycle)}`;
  return keysetPage(em, args, {
    select: `a.kind, a.ref_id::text AS "refId", a.code, a.label, a.unit_id::text AS "unitId", a.category, a.person_id::text AS "personId",
             t.task, d.tier, d.due_on::text AS "dueOn", (q.as_of - d.due_on) AS "daysLate", r.stage, d.source, a.ref_id AS "dbId"`,
    from,
    where,
    params: p,
    sortKey: `(d.due_on::text || ' ' || t.task || ' ' || a.kind || ' ' || a.code) COLLATE "C"`,
    idKey: 'a.ref_id',
    map: toOverdueItem,
  });
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
