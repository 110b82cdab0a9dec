import { EntityManager } from 'typeorm';
import { SqlParams, pathUnitIds, underPrefix } from '../db/sql-params';
import { SubjectAbility } from '../policies/ability';
import { coversSubjectInCycleSql, supersededSql } from '../policies/delegation-matrix';
import { ConnectionShape, PageArgs, keysetPage } from '../schema/pagination';
import { tallyScope } from './stage-counts';

/** A row in force that covers a subject, as the coverage check lists it. */
export interface CoveringRowSummary {
  code: string;
  source: string;
  power: string;
  delegateBodyId: string;
  delegateOffice: string | null;
}

/** What is wrong with a subject's coverage: none decides it, only a proposer reaches it, or several decide it. */
export const COVERAGE_PROBLEMS = ['NO_AUTHORITY', 'PROPOSED_ONLY', 'SEVERAL_AUTHORITIES'] as const;
export type CoverageProblemKind = (typeof COVERAGE_PROBLEMS)[number];

export interface CoverageProblem {
  kind: string;
  refId: string;
  code: string;
  label: string;
  unitId: string;
  unitPath: string;
  category: string | null;
  personId: string | null;
  problem: CoverageProblemKind;
  /** The rows in force that cover the subject (deciders and proposers), with their clauses. */
  rows: CoveringRowSummary[];
}

export interface CoverageTotals {
  subjects: number;
  covered: number;
  uncovered: number;
  proposedOnly: number;
  conflicting: number;
}

/** The totals as `coverageTotals` finds them, with what their gaps' page needs. */
export interface CoverageFound extends CoverageTotals {
  /**
   * The groups of the tally in scope and territory whose coverage is wrong (kind, unit, category, deciding and proposing
   * rows): their gaps' page reads only these. JSON as PostgreSQL wrote it, sent back as it is (the country's are 56,746
   * groups).
   */
  wrongGroups: string;
}

/** The subjects a coverage check counts: those the caller may audit (`ability`), within a subtree if given, or every subject (an import's check). */
export interface CoverageScope {
  cycleId: string;
  ability: SubjectAbility | null;
  withinPath: string | null;
}

/** The subjects the caller may audit, within a subtree if given: the scope of a coverage check. */
export const auditScope = (cycle: { cycleId: string; ability: SubjectAbility }, withinPath: string | null): CoverageScope => ({
  cycleId: cycle.cycleId,
  ability: cycle.ability,
  withinPath,
});

const PROBLEM_SQL = `CASE WHEN n > 1 THEN 'SEVERAL_AUTHORITIES' WHEN proposers > 0 THEN 'PROPOSED_ONLY' ELSE 'NO_AUTHORITY' END`;

/** A gap's columns, and the order gaps are listed in (tree order). */
const GAP_COLUMNS = `ref_id AS "dbId", kind, ref_id::text AS "refId", code, label, unit_id::text AS "unitId", unit_path AS "unitPath", category,
  person_id::text AS "personId", ${PROBLEM_SQL} AS problem, rows`;
const GAP_ORDER = `(unit_path || ' ' || kind || ' ' || code) COLLATE "C"`;

/**
 * The rows in force that cover the subject `s` in the cycle (a LATERAL subquery): `n` that decide it and `proposers`, or
 * the rows themselves (`rows`, deciders and proposers with their clauses). Exactly one decider is the matrix working, none
 * leaves the subject undecided for ever, two are a conflict. It reads the subject's kind, unit, category and seats only:
 * what a group of the tally shares, beside its seats.
 */
const coveringSql = (cycle: string, s: string, what: 'counts' | 'rows') => `
  WITH cov AS (
    SELECT d.id, d.code, d.source, d.power, d.delegator_body_id, d.delegate_body_id, d.delegate_office
      FROM delegation d JOIN unit su ON su.id = d.scope_unit_id
     WHERE ${coversSubjectInCycleSql(cycle, 'd', 'su', s)})
  SELECT ${
    what === 'counts'
      ? `count(*) FILTER (WHERE c.power = 'DECIDE')::int AS n, count(*) FILTER (WHERE c.power = 'PROPOSE')::int AS proposers`
      : `COALESCE(json_agg(json_build_object('code', c.code, 'source', c.source, 'power', c.power, 'delegateBodyId', c.delegate_body_id::text,
                                            'delegateOffice', c.delegate_office) ORDER BY c.code), '[]') AS rows`
  }
    FROM cov c
   WHERE c.power = 'PROPOSE' OR NOT ${supersededSql('cov', 'c')}`;

/** The cycle's territory: subjects at or below the scope unit of one of its rows (a cycle of one province says nothing of another). */
const inTerritorySql = (cycle: string, s: string) =>
  `EXISTS (SELECT 1 FROM delegation t WHERE t.cycle_id = ${cycle} AND t.scope_unit_id = ANY (${pathUnitIds(`${s}.unit_path`)}))`;

/**
 * The subjects of the check, read as the reports read them (stage-counts.ts tallyScope): CTE `g`, the groups of the
 * cycle's subject tally in scope — kind, unit and category, no seats, with how many subjects each holds (its stages summed) —
 * and CTE `held`, the subjects of those groups who hold a committee seat (the one thing a row may test that a group does
 * not share: 004 §II.6.2.1–6.2.2(1)), found from the seats; `oneByOne`, a condition on `a` for the subjects admitted one
 * by one outside the groups (null when there can be none).
 */
function subjectGroups(p: SqlParams, cycle: string, scope: CoverageScope): { ctes: string; oneByOne: string | null } {
  const s = scope.ability
    ? tallyScope(scope.ability, 'audit', p, scope.withinPath, null)
    : { groups: scope.withinPath ? underPrefix('t.unit_path', p, scope.withinPath) : 'TRUE', visible: 'TRUE', oneByOne: null };
  const counted = `sum(t.n) FILTER (WHERE ${s.visible})`;
  return {
    ctes: `g AS MATERIALIZED (
        SELECT t.kind, t.unit_path, t.unit_depth, t.category, '{}'::text[] AS seats, ${counted}::int AS n FROM subject_tally t
         WHERE t.cycle_id = ${cycle} AND ${s.groups} GROUP BY 1, 2, 3, 4, 5 HAVING ${counted} <> 0),
      held AS MATERIALIZED (
        SELECT a.* FROM (SELECT DISTINCT cs.person_id FROM committee_seat cs) cs
         CROSS JOIN LATERAL (SELECT * FROM rating_subject a WHERE a.person_id = cs.person_id OFFSET 0) a
         WHERE cardinality(a.seats) > 0
           AND EXISTS (SELECT 1 FROM g WHERE g.kind = a.kind AND g.unit_path = a.unit_path AND g.category IS NOT DISTINCT FROM a.category))`,
    oneByOne: s.oneByOne,
  };
}

/**
 * The totals of a cycle's coverage over the subjects of `scope`, counted per group of the subject tally, each group's
 * coverage found once: a seat holder is moved from their group's coverage to their own, and a subject admitted one by
 * one counts alone (the country's 5.7 million subjects are 167,000 groups).
 */
export async function coverageTotals(em: EntityManager, scope: CoverageScope): Promise<CoverageFound> {
  const p = new SqlParams();
  const cycle = p.add(scope.cycleId);
  const { ctes, oneByOne } = subjectGroups(p, cycle, scope);
  const columns = 'kind, unit_path, unit_depth, category';
  // `grouped`: a group's own row (its coverage is its subjects' without a seat), apart from the seat holders' moves.
  const [totals] = await em.query<CoverageFound[]>(
    `WITH ${ctes},
      weighted AS (
        SELECT ${columns}, seats, n, true AS grouped FROM g
        UNION ALL SELECT ${columns}, seats, 1, false FROM held
        UNION ALL SELECT ${columns}, '{}', -1, false FROM held
        ${oneByOne ? `UNION ALL SELECT a.kind, a.unit_path, a.unit_depth, a.category, a.seats, 1, false FROM rating_subject a WHERE ${oneByOne}` : ''})
     SELECT COALESCE(sum(w.n), 0)::int AS subjects, COALESCE(sum(w.n) FILTER (WHERE dec.n = 1), 0)::int AS covered,
            COALESCE(sum(w.n) FILTER (WHERE dec.n = 0 AND dec.proposers = 0), 0)::int AS uncovered,
            COALESCE(sum(w.n) FILTER (WHERE dec.n = 0 AND dec.proposers > 0), 0)::int AS "proposedOnly",
            COALESCE(sum(w.n) FILTER (WHERE dec.n > 1), 0)::int AS conflicting,
            COALESCE(json_agg(json_build_array(w.kind, w.unit_path, w.category, dec.n, dec.proposers))
                       FILTER (WHERE w.grouped AND dec.n <> 1), '[]')::text AS "wrongGroups"
       FROM weighted w CROSS JOIN LATERAL (${coveringSql(cycle, 'w', 'counts')}) dec
      WHERE ${inTerritorySql(cycle, 'w')}`,
    p.values,
  );
  return totals;
}

/** The totals of a cycle's coverage over the subjects of `scope` and its first gaps of the kinds asked for, in tree order (none when `gaps.limit` is 0). */
export async function coverageOfCycle(
  em: EntityManager,
  scope: CoverageScope,
  gaps: { kinds: readonly CoverageProblemKind[]; limit: number },
): Promise<CoverageTotals & { gaps: CoverageProblem[] }> {
  const found = await coverageTotals(em, scope);
  const { wrongGroups: _groups, ...totals } = found;
  if (gaps.limit === 0) return { ...totals, gaps: [] };
  const page = await coverageGapsPage(em, scope, gaps.kinds, { first: gaps.limit }, (g) => g, found);
  return { ...totals, gaps: page.nodes };
}

/**
 * The subjects of `scope` with how many rows decide and propose each (a derived table, alias `cov`): those of the groups
 * whose coverage is wrong, with their group's figures, and the seat holders and the subjects admitted one by one, each
 * found on its own — every subject whose coverage can be wrong. The wrong groups are those the totals found: finding each
 * group's coverage again took the country's gaps 2.8 of their 4.1 s.
 */
function gapsTableSql(p: SqlParams, cycle: string, scope: CoverageScope, wrongGroups: string): string {
  const { ctes, oneByOne } = subjectGroups(p, cycle, scope);
  const subject = 'a.kind, a.ref_id, a.code, a.label, a.unit_id, a.unit_path, a.unit_depth, a.category, a.person_id, a.seats';
  return `(WITH ${ctes},
      wrong AS MATERIALIZED (
        SELECT w ->> 0 AS kind, w ->> 1 AS unit_path, w ->> 2 AS category, (w ->> 3)::int AS n, (w ->> 4)::int AS proposers
          FROM json_array_elements(${p.add(wrongGroups)}::json) w),
      alone AS (SELECT ${subject} FROM held a ${oneByOne ? `UNION ALL SELECT ${subject} FROM rating_subject a WHERE ${oneByOne}` : ''})
    SELECT ${subject}, w.n, w.proposers FROM wrong w CROSS JOIN LATERAL (
        SELECT * FROM rating_subject a WHERE a.kind = w.kind AND a.unit_path = w.unit_path AND a.category IS NOT DISTINCT FROM w.category OFFSET 0) a
     WHERE cardinality(a.seats) = 0 AND ${inTerritorySql(cycle, 'a')}
    UNION ALL
    SELECT ${subject}, dec.n, dec.proposers FROM alone a CROSS JOIN LATERAL (${coveringSql(cycle, 'a', 'counts')}) dec
     WHERE ${inTerritorySql(cycle, 'a')}) cov`;
}

/** How many subjects of each problem the totals count. */
const PROBLEM_TOTAL: Record<CoverageProblemKind, 'uncovered' | 'proposedOnly' | 'conflicting'> = {
  NO_AUTHORITY: 'uncovered',
  PROPOSED_ONLY: 'proposedOnly',
  SEVERAL_AUTHORITIES: 'conflicting',
};

/**
 * The subjects of `scope` whose coverage is wrong (of the kinds in `problems`, if given), a page in tree order: the rows
 * covering each read for the page's subjects only, the groups and the total from the scope's `totals`.
 */
export function coverageGapsPage<T>(
  em: EntityManager,
  scope: CoverageScope,
  problems: readonly CoverageProblemKind[] | null,
  args: PageArgs,
  map: (gap: CoverageProblem) => T,
  totals: CoverageFound,
): Promise<ConnectionShape<T>> {
  const p = new SqlParams();
  const cycle = p.add(scope.cycleId);
  const kinds = problems ?? COVERAGE_PROBLEMS;
  return keysetPage(em, args, {
    params: p,
    select: GAP_COLUMNS,
    from: gapsTableSql(p, cycle, scope, totals.wrongGroups),
    where: ['n <> 1', ...(problems ? [`${PROBLEM_SQL} = ANY(${p.add(problems)})`] : [])],
    sortKey: GAP_ORDER,
    idKey: 'ref_id',
    joinAfter: { alias: 'cov', join: `CROSS JOIN LATERAL (${coveringSql(cycle, 'cov', 'rows')}) covering` },
    count: async () => kinds.reduce((n, k) => n + totals[PROBLEM_TOTAL[k]], 0),
    map: (row) => map(row as unknown as CoverageProblem),
  });
}
