import { SqlParams, underPrefix } from '../db/sql-params';
import { ratingDeadlineSql } from './deadline-sql';
import { EntityManager } from 'typeorm';
import { ConnectionShape, PageArgs, keysetPage, mergedKeysetPage } from '../schema/pagination';
import { RATING_ORDER, countOfParts, ratedSubjectParts, ratingOrderWalked } from '../data/rated-subject-parts';
import { readScopeOf, spansProvinces } from '../policies/read-scope';
import type { CycleAbility } from '../policies/request-policy';

/**
 * The audit of decisions taken under a delegation (provincial staff): each with its row's legal basis,
 * the deadline of its tier, the figures the audit findings read (quota at decision, override, ceiling,
 * re-rating, open complaints, required consultations, a head's collective) — a keyset page
 * over the decisions the caller may audit.
 */
export function delegatedDecisionsPage<T>(
  em: EntityManager,
  ability: AuditingCycle,
  withinPath: string | null,
  args: PageArgs,
  map: (row: Record<string, unknown>) => T,
  maxSize?: number,
): Promise<ConnectionShape<T>> {
  const delegatedDecisions = (p: SqlParams) => [
    `r.cycle_id = ${p.add(ability.cycleId)}`,
    'r.annulled_at IS NULL',
    'r.decided_level IS NOT NULL',
    // Looked up in a hash of the delegated rows made once (IS TRUE keeps it a subplan): joined, the delegation table
    // was scanned again for each of a province's 81,279 decisions, the planner expecting one.
    '(r.delegation_id IN (SELECT id FROM delegation WHERE delegator_body_id IS NOT NULL)) IS TRUE',
  ];
  const subjectsAudited = (p: SqlParams) => [
    ...delegatedDecisions(p),
    ability.where('audit', p, 'a', withinPath),
    ...(withinPath ? [underPrefix('a.unit_path', p, withinPath)] : []),
  ];
  const p = new SqlParams();
  const cycle = p.add(ability.cycleId);
  // The figures of the decisions shown only: computed before the cut, they were read for every decision in scope
  // (a province's 83,482: 2.8 s for a page of twenty).
  const figures = {
    select: `r.id AS "dbId", r.id::text AS "ratingId", r.subject_kind AS "subjectKind", r.subject_code AS "subjectCode",
             (SELECT s.label FROM rating_subject s WHERE s.kind = r.subject_kind AND s.ref_id = r.subject_ref_id) AS "subjectLabel",
             r.decided_level AS "decidedLevel", r.decided_at AS "decidedAt", r.authority_body_id::text AS "authorityBodyId", d.code AS "delegationCode",
             d.source AS "delegationSource", dl.due_on::text AS "dueOn", dl.source AS "deadlineSource", r.quota_at_decision AS "quotaAtDecision",
             r.override_reason AS "overrideReason", r.ceiling, r.replaces_id IS NOT NULL AS "reRated",
             (SELECT count(*)::int FROM complaint c WHERE c.rating_id = r.id AND c.status = 'OPEN') AS "openComplaints",
             COALESCE((SELECT json_agg(json_build_object('body', b.code, 'opinionLevel', c.opinion_level, 'deviationReason', c.deviation_reason))
                         FROM unnest(d.consult_body_ids) cb(id) JOIN body b ON b.id = cb.id LEFT JOIN consultation c ON c.rating_id = r.id AND c.body_id = cb.id), '[]') AS "requiredConsultations",
             (po.role = 'HEAD') IS TRUE AS "isHead",
             (SELECT x.decided_level FROM rating x WHERE x.cycle_id = r.cycle_id AND x.subject_kind = 'LEADERSHIP_COLLECTIVE' AND x.subject_ref_id = po.collective_id AND x.annulled_at IS NULL) AS "headUnitLevel"`,
    join: (key: string) => `JOIN rating r ON r.id = ${key}.id JOIN delegation d ON d.id = r.delegation_id JOIN unit ru ON ru.id = r.unit_id
           LEFT JOIN post po ON r.subject_kind = 'LEADER' AND po.id = r.subject_ref_id
           LEFT JOIN LATERAL ${ratingDeadlineSql(cycle, 'ru')} dl ON TRUE`,
  };
  // A decision's consultations in their bodies' order, sorted here: asked of json_agg on a walked page (sorts off), PostgreSQL
  // 17 read the whole of the bodies' code index for each decision, in that order (11 ms a decision, a download timed out).
  const mapped = (row: Record<string, unknown>) => {
    (row.requiredConsultations as { body: string }[]).sort((a, b) => (a.body < b.body ? -1 : a.body > b.body ? 1 : 0));
    return map(row);
  };
  const count = () => {
    const counted = new SqlParams();
    return countOfParts(em, ratedSubjectParts('rating r', subjectsAudited(counted)), counted.values);
  };
  const scope = readScopeOf(ability.viewer);
  const walk = spansProvinces(scope, withinPath);
  if (scope.all || walk) {
    // Where the caller audits a province or more, its decisions are most of the ratings there: walked in their order, each
    // subject audited looked up by its key, rather than every decision joined to its subject and sorted (an administrator's
    // page 9.6 s, a province auditor's 174 ms). One province's are walked in its own order (rating_province_order_idx).
    // An administrator within a smaller unit reads its subtree's by their own path, sorted. An administrator's are counted
    // with the page's own conditions, the ratings alone (allowedOnRated): joined to their subjects, the country's 2.7 M
    // took 5.0 s, and `within` a unit counted the subjects there now, where the page has the ratings made there.
    return keysetPage(em, args, {
      select: figures.select,
      from: 'rating r',
      where: [
        ...delegatedDecisions(p),
        ability.allowedOnRated('audit', p, 'r', withinPath),
        ...(withinPath ? [underPrefix('r.unit_path', p, withinPath)] : []),
        ...(walk ? [ratingOrderWalked(scope, withinPath, p)] : []),
      ],
      params: p,
      sortKey: RATING_ORDER,
      idKey: 'r.id',
      joinAfter: { alias: 'k', keep: 'r.id', join: figures.join('k') },
      walkInOrder: walk,
      maxSize,
      map: mapped,
      ...(scope.all ? {} : { count }),
    });
  }
  return mergedKeysetPage(em, args, {
    merged: ratedSubjectParts('rating r', subjectsAudited(p)),
    select: figures.select,
    join: figures.join('u'),
    params: p,
    maxSize,
    map: mapped,
    count,
  });
}

/** What the audit of delegated decisions needs of the caller's abilities in a cycle. */
type AuditingCycle = Pick<CycleAbility, 'cycleId' | 'where' | 'allowedOnRated' | 'viewer'>;

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
