import { EntityManager } from 'typeorm';
import { SqlParams, pathUnitIds, underPrefix } from '../db/sql-params';
import { coversSubjectInCycleSql, supersededSql } from '../policies/delegation-matrix';
import type { ScopedCycle } from '../policies/request-policy';
import { ConnectionShape, PageArgs, keysetPage } from '../schema/pagination';

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

const PROBLEM_SQL = `CASE WHEN n > 1 THEN 'SEVERAL_AUTHORITIES' WHEN proposers > 0 THEN 'PROPOSED_ONLY' ELSE 'NO_AUTHORITY' END`;

/** A gap's columns, and the order gaps are listed in (tree order). */
const GAP_COLUMNS = `ref_id AS "dbId", kind, ref_id::text AS "refId", code, label, unit_id::text AS "unitId", unit_path AS "unitPath", category,
  person_id::text AS "personId", ${PROBLEM_SQL} AS problem, rows`;
const GAP_ORDER = `(unit_path || ' ' || kind || ' ' || code) COLLATE "C"`;

/**
 * Every subject of the cycle's territory (rating_subject, alias `a`) where `scope` holds, with the
 * rows in force that cover it in the cycle: the number `n` that decide it and the number of proposers
 * — a SELECT to use as a derived table or a CTE. Exactly one decider is the matrix working, none
 * leaves the subject undecided for ever, two are a conflict.
 */
function coverageTableSql(p: SqlParams, cycleId: string, scope: string): string {
  const cycle = p.add(cycleId);
  return `SELECT a.kind, a.ref_id, a.code, a.label, a.unit_id, a.unit_path, a.category, a.person_id,
                 COALESCE(dec.rows, '[]') AS rows, COALESCE(dec.n, 0) AS n, COALESCE(dec.proposers, 0) AS proposers
            FROM rating_subject a
            LEFT JOIN LATERAL (
              WITH cov AS (
                SELECT d.id, d.code, d.source, d.power, d.delegator_body_id, d.delegate_body_id, d.delegate_office
                  FROM delegation d JOIN unit su ON su.id = d.scope_unit_id
                 WHERE ${coversSubjectInCycleSql(cycle, 'd', 'su', 'a')})
              SELECT count(*) FILTER (WHERE c.power = 'DECIDE')::int AS n, count(*) FILTER (WHERE c.power = 'PROPOSE')::int AS proposers,
                     json_agg(json_build_object('code', c.code, 'source', c.source, 'power', c.power, 'delegateBodyId', c.delegate_body_id::text,
                                                'delegateOffice', c.delegate_office) ORDER BY c.code) AS rows
                FROM cov c
               WHERE c.power = 'PROPOSE' OR NOT ${supersededSql('cov', 'c')}) dec ON TRUE
           WHERE ${scope}
             -- The cycle's territory: subjects at or below the scope unit of one of its rows (a cycle of one province says nothing of another).
             AND EXISTS (SELECT 1 FROM delegation t WHERE t.cycle_id = ${cycle} AND t.scope_unit_id = ANY (${pathUnitIds('a.unit_path')}))`;
}

/**
 * The totals of a cycle's coverage where `scope` holds and, in the same statement, its first gaps of
 * the kinds asked for, in tree order (none when `gaps.limit` is 0).
 */
export async function coverageOfCycle(
  em: EntityManager,
  cycleId: string,
  scope: (p: SqlParams) => string,
  gaps: { kinds: readonly CoverageProblemKind[]; limit: number },
): Promise<CoverageTotals & { gaps: CoverageProblem[] }> {
  const p = new SqlParams();
  const [row] = await em.query<(CoverageTotals & { gaps: CoverageProblem[] })[]>(
    `WITH cov AS MATERIALIZED (${coverageTableSql(p, cycleId, scope(p))})
     SELECT count(*)::int AS subjects, count(*) FILTER (WHERE n = 1)::int AS covered, count(*) FILTER (WHERE n = 0 AND proposers = 0)::int AS uncovered,
            count(*) FILTER (WHERE n = 0 AND proposers > 0)::int AS "proposedOnly", count(*) FILTER (WHERE n > 1)::int AS conflicting,
            (SELECT COALESCE(json_agg(g ORDER BY g."sortKey"), '[]') FROM (
               SELECT ${GAP_COLUMNS}, ${GAP_ORDER} AS "sortKey" FROM cov WHERE n <> 1 AND ${PROBLEM_SQL} = ANY(${p.add(gaps.kinds)})
                ORDER BY ${GAP_ORDER}, ref_id LIMIT ${p.add(gaps.limit)}) g) AS gaps
       FROM cov`,
    p.values,
  );
  return row;
}

/** The subjects the caller may audit, within a subtree if given: the scope of a coverage check. */
export const auditScope =
  (ability: ScopedCycle, withinPath: string | null) =>
  (p: SqlParams): string => {
    const audit = ability.where('audit', p, 'a');
    return withinPath ? `${audit} AND ${underPrefix('a.unit_path', p, withinPath)}` : audit;
  };

/** The subjects whose coverage is wrong that the caller may audit, a page in tree order over the coverage table. */
export function coverageGapsPage<T>(
  em: EntityManager,
  ability: ScopedCycle,
  withinPath: string | null,
  only: CoverageProblemKind | null,
  args: PageArgs,
  map: (gap: CoverageProblem) => T,
): Promise<ConnectionShape<T>> {
  const p = new SqlParams();
  const scope = auditScope(ability, withinPath)(p);
  const cycleId = ability.cycleId;
  return keysetPage(em, args, {
    params: p,
    select: GAP_COLUMNS,
    from: `(${coverageTableSql(p, cycleId, scope)}) cov`,
    where: ['n <> 1', ...(only ? [`${PROBLEM_SQL} = ${p.add(only)}`] : [])],
    sortKey: GAP_ORDER,
    idKey: 'ref_id',
    map: (row) => map(row as unknown as CoverageProblem),
  });
}
