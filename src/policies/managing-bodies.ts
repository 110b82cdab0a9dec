import { EntityManager } from 'typeorm';
import { SqlParams, pathUnitIds } from '../db/sql-params';
import { subjectViewOf } from '../model/kinds';
import { coversSubjectInCycleSql, selectorCoversSql } from './delegation-matrix';

/** 004 §I.4.1.2: the standing committee suggests to those on its list; committees to those they manage; the organization commission drafts. */
export const SUGGESTION_SOURCE = '004 §I.4.1.2';

export interface BodyRef {
  id: string;
  code: string;
}

/**
 * Who may suggest what a subject's review must address, in a cycle: the bodies that manage it — on
 * whose management list it stands, whose cadre list holds its post, or that decide its rating or
 * delegated it (a standing committee keeps its list when it delegates the rating) — and those that
 * draft for them: the organization commission at a managing body's level and the compiling body of
 * a deciding row. One statement.
 */
export async function suggestingBodiesOf(
  em: EntityManager,
  cycleId: string,
  kind: string,
  refId: string,
): Promise<{ managing: BodyRef[]; drafting: BodyRef[] }> {
  const p = new SqlParams();
  const cycle = p.add(cycleId);
  const [row] = await em.query<{ managing: BodyRef[]; drafting: BodyRef[] }[]>(
    `WITH s AS (SELECT * FROM ${subjectViewOf(kind)} WHERE ref_id = ${p.add(refId)}),
          covering AS (SELECT d.* FROM delegation d JOIN unit su ON su.id = d.scope_unit_id CROSS JOIN s
                        WHERE d.power = 'DECIDE' AND ${coversSubjectInCycleSql(cycle, 'd', 'su', 's')}),
          managing AS (
            SELECT l.body_id AS id FROM management_list l JOIN unit lu ON lu.id = l.scope_unit_id CROSS JOIN s
             WHERE l.cycle_id = ${cycle} AND l.scope_unit_id = ANY (${pathUnitIds('s.unit_path')}) AND ${selectorCoversSql('l', 'lu', 's')}
            UNION SELECT po.managed_by_body_id FROM post po JOIN s ON s.kind = 'LEADER' AND po.id = s.ref_id
            UNION SELECT delegate_body_id FROM covering
            UNION SELECT delegator_body_id FROM covering),
          drafting AS (
            SELECT a.id FROM body m JOIN body a ON a.unit_id = m.unit_id AND a.kind = 'ORGANIZATION_COMMISSION' WHERE m.id IN (SELECT id FROM managing)
            UNION SELECT compiler_body_id FROM covering)
     SELECT COALESCE((SELECT json_agg(json_build_object('id', b.id::text, 'code', b.code) ORDER BY b.code) FROM body b WHERE b.id IN (SELECT id FROM managing)), '[]') AS managing,
            COALESCE((SELECT json_agg(json_build_object('id', b.id::text, 'code', b.code) ORDER BY b.code) FROM body b
                       WHERE b.id IN (SELECT id FROM drafting) AND b.id NOT IN (SELECT id FROM managing WHERE id IS NOT NULL)), '[]') AS drafting`,
    p.values,
  );
  return row;
}
