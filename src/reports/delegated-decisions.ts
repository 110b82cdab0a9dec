import { SqlParams, underPrefix } from '../db/sql-params';
import { ratingDeadlineSql } from './deadline-sql';
import { EntityManager } from 'typeorm';
import { ConnectionShape, PageArgs, keysetPage } from '../schema/pagination';
import type { ScopedCycle } from '../policies/request-policy';

/**
 * The audit of decisions taken under a delegation (provincial staff): each with its row's legal basis,
 * the deadline of its tier, the figures the audit findings read (quota at decision, override, ceiling,
 * re-rating, open complaints, required consultations, a head's collective) — a keyset page
 * over the decisions the caller may audit.
 */
export function delegatedDecisionsPage<T>(
  em: EntityManager,
  ability: ScopedCycle,
  withinPath: string | null,
  args: PageArgs,
  map: (row: Record<string, unknown>) => T,
): Promise<ConnectionShape<T>> {
  const p = new SqlParams();
  const auditSql = ability.where('audit', p, 'a');
  const cycleId = ability.cycleId;
  const cycle = p.add(cycleId);
  const where = [
    `r.cycle_id = ${cycle}`,
    'r.annulled_at IS NULL',
    'r.decided_level IS NOT NULL',
    'd.delegator_body_id IS NOT NULL',
    auditSql,
  ];
  if (withinPath) where.push(underPrefix('a.unit_path', p, withinPath));
  return keysetPage(em, args, {
    select: `r.id AS "dbId", r.id::text AS "ratingId", r.subject_kind AS "subjectKind", r.subject_code AS "subjectCode",
             (SELECT s.label FROM rating_subject s WHERE s.kind = r.subject_kind AND s.ref_id = r.subject_ref_id) AS "subjectLabel",
             r.decided_level AS "decidedLevel", r.decided_at AS "decidedAt", r.authority_body_id::text AS "authorityBodyId", d.code AS "delegationCode",
             d.source AS "delegationSource", dl.due_on::text AS "dueOn", dl.source AS "deadlineSource", r.quota_at_decision AS "quotaAtDecision",
             r.override_reason AS "overrideReason", r.ceiling, r.replaces_id IS NOT NULL AS "reRated",
             (SELECT count(*)::int FROM complaint c WHERE c.rating_id = r.id AND c.status = 'OPEN') AS "openComplaints",
             COALESCE((SELECT json_agg(json_build_object('body', b.code, 'opinionLevel', c.opinion_level, 'deviationReason', c.deviation_reason) ORDER BY b.code)
                         FROM unnest(d.consult_body_ids) cb(id) JOIN body b ON b.id = cb.id LEFT JOIN consultation c ON c.rating_id = r.id AND c.body_id = cb.id), '[]') AS "requiredConsultations",
             (po.role = 'HEAD') IS TRUE AS "isHead",
             (SELECT x.decided_level FROM rating x WHERE x.cycle_id = r.cycle_id AND x.subject_kind = 'LEADERSHIP_COLLECTIVE' AND x.subject_ref_id = po.collective_id AND x.annulled_at IS NULL) AS "headUnitLevel"`,
    from: `rating r JOIN rating_subject a ON a.kind = r.subject_kind AND a.ref_id = r.subject_ref_id JOIN delegation d ON d.id = r.delegation_id`,
    where,
    params: p,
    sortKey: `(r.subject_kind || ' ' || r.subject_code) COLLATE "C"`,
    idKey: 'r.id',
    // The figures of the decisions shown only: computed before the cut, they were read for every decision in scope
    // (a province's 83,482: 2.8 s for a page of twenty).
    joinAfter: {
      alias: 'k',
      keep: 'r.id',
      join: `JOIN rating r ON r.id = k.id JOIN delegation d ON d.id = r.delegation_id JOIN unit u ON u.id = r.unit_id
           LEFT JOIN post po ON r.subject_kind = 'LEADER' AND po.id = r.subject_ref_id
           LEFT JOIN LATERAL ${ratingDeadlineSql(cycle, 'u')} dl ON TRUE`,
    },
    map,
  });
}

export const DELEGATED_DECISION_CSV_HEADERS = [
  'Loại đối tượng',
  'Mã',
  'Tên',
  'Mức xếp loại',
  'Ngày quyết định',
  'Cơ quan quyết định',
  'Ủy quyền',
  'Căn cứ',
  'Hạn',
  'Phát hiện',
];
