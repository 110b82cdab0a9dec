import { EntityManager } from 'typeorm';
import { SqlParams, withinPath } from '../db/sql-params';
import { subjectViewOf } from '../model/kinds';
import { DelegationRow } from './delegation-row';

export const DELEGATION_ROW_COLUMNS = `d.id::text AS id, d.code, d.delegator_body_id::text AS "delegatorBodyId", d.delegate_body_id::text AS "delegateBodyId",
  d.delegate_office AS "delegateOffice", d.power, d.subject_kind AS "subjectKind", d.subject_categories AS "subjectCategories",
  d.scope_mode AS "scopeMode", su.path AS "scopePath", su.depth AS "scopeDepth", d.consult_body_ids::text[] AS "consultBodyIds",
  d.compiler_body_id::text AS "compilerBodyId", d.source`;

/**
 * The rows of a cycle's matrix that concern any of the bodies (as delegate, delegator, consulted or
 * compiler), as one JSON array: a scalar subquery, so that it rides along with the statement that
 * reads the cycle. `cycle` and `bodies` are SQL expressions (bodies: a bigint array).
 */
export const rowsConcerningJson = (cycle: string, bodies: string) => `COALESCE((SELECT json_agg(x ORDER BY x.id::bigint) FROM (
    SELECT ${DELEGATION_ROW_COLUMNS} FROM delegation d JOIN unit su ON su.id = d.scope_unit_id
     WHERE d.cycle_id = ${cycle} AND (d.delegate_body_id = ANY(${bodies}) OR d.delegator_body_id = ANY(${bodies})
           OR d.consult_body_ids && ${bodies}::bigint[] OR d.compiler_body_id = ANY(${bodies}))) x), '[]')`;

/** The rows of a cycle's matrix that concern any of these bodies. */
export async function rowsConcerning(em: EntityManager, cycleId: string, bodyIds: string[]): Promise<DelegationRow[]> {
  if (bodyIds.length === 0) return [];
  const [{ rows }] = await em.query(`SELECT ${rowsConcerningJson('$1', '$2::bigint[]')} AS rows`, [cycleId, bodyIds]);
  return rows;
}

/** A matrix row that covers a subject; `superseded` when its delegate body delegated the same subject onward. */
export type CoveringRow = DelegationRow & { superseded: boolean };

/**
 * The rows of a cycle that cover one subject, in SQL: kind, categories and scope mode against the
 * subject's unit path, as one JSON array (a scalar subquery, so that it rides along with other reads).
 */
export function rowsCoveringJson(p: SqlParams, cycleId: string, kind: string, refId: string): string {
  return `COALESCE((SELECT json_agg(x ORDER BY x.id::bigint) FROM (
     WITH covering AS (
       SELECT d.*, su.path AS scope_path, su.depth AS scope_depth
         FROM delegation d JOIN unit su ON su.id = d.scope_unit_id
         JOIN ${subjectViewOf(kind)} s ON s.ref_id = ${p.add(refId)}
        WHERE d.cycle_id = ${p.add(cycleId)} AND d.subject_kind = ${p.add(kind)}
          -- only rows scoped at the subject's unit or one of its ancestors can cover it (index on cycle, scope unit)
          AND d.scope_unit_id = ANY (string_to_array(trim(both '/' from s.unit_path), '/')::bigint[])
          AND (cardinality(d.subject_categories) = 0 OR s.category = ANY(d.subject_categories))
          AND ${withinPath('s.unit_path', 'su.path')}
          AND CASE d.scope_mode WHEN 'SELF' THEN s.unit_path = su.path
                                WHEN 'CHILDREN' THEN s.unit_depth = su.depth + 1
                                WHEN 'BELOW' THEN s.unit_path <> su.path
                                ELSE TRUE END)
     SELECT ${DELEGATION_ROW_COLUMNS.replace(/su\.path/, 'd.scope_path').replace(/su\.depth/, 'd.scope_depth')},
            EXISTS (SELECT 1 FROM covering o WHERE o.id <> d.id AND o.delegator_body_id = d.delegate_body_id AND o.power = 'DECIDE') AS superseded
       FROM covering d) x), '[]')`;
}

export async function rowsCovering(em: EntityManager, cycleId: string, kind: string, refId: string): Promise<CoveringRow[]> {
  const p = new SqlParams();
  const [{ rows }] = await em.query(`SELECT ${rowsCoveringJson(p, cycleId, kind, refId)} AS rows`, p.values);
  return rows;
}

/** `rowsConcerning` applied to rows already read: those of `rows` that concern the body (the same four tests). */
export function concerning(rows: DelegationRow[], bodyId: string): DelegationRow[] {
  return rows.filter((d) => d.delegateBodyId === bodyId || d.delegatorBodyId === bodyId || d.consultBodyIds.includes(bodyId) || d.compilerBodyId === bodyId);
}
