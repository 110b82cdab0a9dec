import { EntityManager } from 'typeorm';
import { selectList } from '../db/columns';
import { KeptAcrossRequests } from '../db/kept-across-requests';
import { PreparedStatement, runShaped } from '../db/prepared-statement';
import { SqlParams, pathUnitIds, withinPath } from '../db/sql-params';
import { Delegation } from '../entities';
import { subjectViewOf } from '../model/kinds';
import { DelegationRow } from './delegation-row';
import { KeptWith } from './kept-with';

/** The entries of a body's management list in a cycle as selectors, one JSON array (empty when `body` is null). */
const listEntriesJson = (cycle: string, body: string) => `COALESCE((SELECT json_agg(json_build_object(
    'subjectKind', l.subject_kind, 'subjectCategories', l.subject_categories, 'scopeMode', l.scope_mode, 'scopePath', lu.path, 'scopeDepth', lu.depth) ORDER BY l.id)
    FROM management_list l JOIN unit lu ON lu.id = l.scope_unit_id WHERE l.cycle_id = ${cycle} AND l.body_id = ${body}), '[]')`;

/** A delegation row `d` as `DelegationRow` reads it, its scope unit's path and depth read from `scope`. */
const delegationRowColumns = (scope: { path: string; depth: string }) =>
  `${selectList(Delegation, 'd', { omit: ['cycleId', 'scopeUnitId', 'note'] })},
  ${scope.path} AS "scopePath", ${scope.depth} AS "scopeDepth",
  ${listEntriesJson('d.cycle_id', 'd.listed_by_body_id')} AS listed,
  ${listEntriesJson('d.cycle_id', 'd.except_listed_by_body_id')} AS "exceptListed"`;

/**
 * SQL: the selector of `sel` (a delegation or management-list row; `unit`, its scope unit) covers the
 * subject `s` (a row of a subject view). The same test as rowCondition in delegation-row.ts.
 */
export const selectorCoversSql = (sel: string, unit: string, s: string) => `${sel}.subject_kind = ${s}.kind
  AND (cardinality(${sel}.subject_categories) = 0 OR ${s}.category = ANY(${sel}.subject_categories))
  AND ${withinPath(`${s}.unit_path`, `${unit}.path`)}
  AND CASE ${sel}.scope_mode WHEN 'SELF' THEN ${s}.unit_path = ${unit}.path
                             WHEN 'CHILDREN' THEN ${s}.unit_depth = ${unit}.depth + 1
                             WHEN 'BELOW' THEN ${s}.unit_path <> ${unit}.path
                             ELSE TRUE END`;

/**
 * SQL: a delegation row `d` (scope unit `su`) covers the subject `s`, with its list and exceptions. A
 * subject's seats are a subquery of its view, in the committees of the row's scope unit: read only for
 * rows that name seats (OR stops at its first true).
 */
export const rowCoversSql = (d: string, su: string, s: string) => {
  const onList = (body: string) => `EXISTS (SELECT 1 FROM management_list l JOIN unit lu ON lu.id = l.scope_unit_id
      WHERE l.cycle_id = ${d}.cycle_id AND l.body_id = ${body} AND ${selectorCoversSql('l', 'lu', s)})`;
  return `${selectorCoversSql(d, su, s)}
  AND (${s}.category IS NULL OR NOT (${s}.category = ANY(${d}.except_categories)))
  AND (cardinality(${d}.subject_seats) = 0 OR ${s}.seats && ARRAY(SELECT ${su}.id || ':' || x FROM unnest(${d}.subject_seats) x))
  AND (cardinality(${d}.except_seats) = 0 OR NOT (${s}.seats && ARRAY(SELECT ${su}.id || ':' || x FROM unnest(${d}.except_seats) x)))
  AND (${d}.listed_by_body_id IS NULL OR ${onList(`${d}.listed_by_body_id`)})
  AND (${d}.except_listed_by_body_id IS NULL OR NOT ${onList(`${d}.except_listed_by_body_id`)})`;
};

/**
 * SQL: the delegation row `d` (scope unit `su`) is one of cycle `cycle`'s rows covering the subject
 * `s`. Only rows scoped at the subject's unit or one of its ancestors can cover it: the index on
 * (cycle, scope unit) finds them.
 */
export const coversSubjectInCycleSql = (cycle: string, d: string, su: string, s: string) =>
  `${d}.cycle_id = ${cycle} AND ${d}.scope_unit_id = ANY (${pathUnitIds(`${s}.unit_path`)}) AND ${rowCoversSql(d, su, s)}`;

/**
 * SQL: among the covering rows `rows`, the row `d` is out of force — its body delegated the same
 * subject onward (another deciding row names it as delegator).
 */
export const supersededSql = (rows: string, d: string) =>
  `EXISTS (SELECT 1 FROM ${rows} o WHERE o.id <> ${d}.id AND o.delegator_body_id = ${d}.delegate_body_id AND o.power = 'DECIDE')`;

/**
 * The rows of a cycle's matrix that concern any of the bodies (as delegate, delegator, consulted or
 * compiler), as one JSON array: a scalar subquery, so that it rides along with the statement that
 * reads the cycle. `cycle` and `bodies` are SQL expressions (bodies: a bigint array).
 */
export const rowsConcerningJson = (cycle: string, bodies: string) => `COALESCE((SELECT json_agg(x ORDER BY x.id::bigint) FROM (
    SELECT ${delegationRowColumns({ path: 'su.path', depth: 'su.depth' })} FROM delegation d JOIN unit su ON su.id = d.scope_unit_id
     WHERE d.cycle_id = ${cycle} AND (d.delegate_body_id = ANY(${bodies}) OR d.delegator_body_id = ANY(${bodies})
           OR d.consult_body_ids && ${bodies}::bigint[] OR d.compiler_body_id = ANY(${bodies}))) x), '[]')`;

// Parsed once per connection; planned at each run with the bodies' values (a generic plan expects 1,818 rows for 37).
const ROWS_CONCERNING = new PreparedStatement(`SELECT ${rowsConcerningJson('$1::bigint', '$2::bigint[]')} AS rows`);

/** The rows of a cycle's matrix that concern any of these bodies. */
export async function rowsConcerning(em: EntityManager, cycleId: string, bodyIds: string[]): Promise<DelegationRow[]> {
  if (bodyIds.length === 0) return [];
  const [{ rows }] = await ROWS_CONCERNING.run<{ rows: DelegationRow[] }>(em, [cycleId, bodyIds]);
  return rows;
}

/** A matrix row that covers a subject; `superseded` when its delegate body delegated the same subject onward. */
export type CoveringRow = DelegationRow & { superseded: boolean };

/**
 * The rows of a cycle that cover one subject, in SQL: kind, categories and scope mode against the
 * subject's unit path, as one JSON array (a scalar subquery, so that it rides along with other reads).
 * `ref` is the subject's key as a SQL expression (a parameter, or a column of the statement).
 */
export function rowsCoveringJson(p: SqlParams, cycleId: string, kind: string, ref: string): string {
  return `COALESCE((SELECT json_agg(x ORDER BY x.id::bigint) FROM (
     WITH covering AS (
       SELECT d.*, su.path AS scope_path, su.depth AS scope_depth
         FROM delegation d JOIN unit su ON su.id = d.scope_unit_id
         JOIN ${subjectViewOf(kind)} s ON s.ref_id = ${ref}
        WHERE ${coversSubjectInCycleSql(p.add(cycleId), 'd', 'su', 's')})
     SELECT ${delegationRowColumns({ path: 'd.scope_path', depth: 'd.scope_depth' })},
            ${supersededSql('covering', 'd')} AS superseded
       FROM covering d) x), '[]')`;
}

/** The rows of `rowsCoveringJson`; its text depends on the kind only, so each connection plans it once and may keep a generic plan. */
export async function rowsCovering(em: EntityManager, cycleId: string, kind: string, refId: string): Promise<CoveringRow[]> {
  const p = new SqlParams();
  const [{ rows }] = await runShaped<{ rows: CoveringRow[] }>(
    em,
    `SELECT ${rowsCoveringJson(p, cycleId, kind, p.add(refId))} AS rows`,
    p.values,
  );
  return rows;
}

/**
 * SQL: what of a subject the rows covering it depend on — its unit's path and depth, its category and its seats, as
 * `rowsCoveringJson` reads them from the same view — as a JSON object, from its row of its kind's view (alias `alias`).
 * A subject the caller sees no row of has no key (the covering rows are then none).
 */
export const coveringKeyOf = (alias: string) =>
  `json_build_object('path', ${alias}.unit_path, 'depth', ${alias}.unit_depth, 'category', ${alias}.category, 'seats', ${alias}.seats)`;

/** Keys of subjects alike kept at once: 10,000 keys of three rows each took 18 MB of heap; 2,000 take under 4 MB. */
const MOST_SUBJECTS_ALIKE = 2_000;

/**
 * The rows covering subjects alike, by cycle, kind and `coveringKeyOf`, kept across requests: the rows depend on
 * nothing else of the subject, and the matrix, the tree and the cycles they are read from are forgotten when they
 * change (db/kept-across-requests.ts). Written in the statement that reads a rating under its lock, they cost every
 * decision 0.1–0.3 ms of PostgreSQL's CPU for the same few rows (docs/performance.md, session 70).
 */
const coveringKept = new KeptAcrossRequests<CoveringRow[]>(undefined, MOST_SUBJECTS_ALIKE);

/** The rows covering the subject whose `coveringKeyOf` is `key`: kept, or read (and kept) once for subjects alike. */
export async function rowsCoveringAlike(
  em: EntityManager,
  cycleId: string,
  kind: string,
  refId: string,
  key: object | null,
): Promise<CoveringRow[]> {
  if (!key) return [];
  const alike = `${cycleId}|${kind}|${JSON.stringify(key)}`;
  const kept = coveringKept.get(alike);
  if (kept) return kept;
  const rows = Object.freeze((await rowsCovering(em, cycleId, kind, refId)).map((r) => Object.freeze(r))) as CoveringRow[];
  coveringKept.set(alike, rows);
  return rows;
}

/** `rowsConcerning` applied to rows already read: those of `rows` that concern the body (the same four tests). */
export function concerning(rows: DelegationRow[], bodyId: string): DelegationRow[] {
  return concerningKept.get(rows, bodyId, () =>
    rows.filter(
      (d) =>
        d.delegateBodyId === bodyId || d.delegatorBodyId === bodyId || d.consultBodyIds.includes(bodyId) || d.compilerBodyId === bodyId,
    ),
  );
}

/** The same array for the same rows and body: an ability built from it is kept with it (ability.ts). */
const concerningKept = new KeptWith<DelegationRow[], string, DelegationRow[]>();
