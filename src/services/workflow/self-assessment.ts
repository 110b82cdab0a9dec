/** The self-assessment on the form of the rule pack, and the review it leads to. */
import { EntityManager } from 'typeorm';
import {
  CeilingFacts,
  draftReportFindings,
  Level,
  ReviewHost,
  reviewOrderFindings,
  smallCollectiveFindings,
  suspendedMemberReviewFindings,
} from '../../rules';
import { PreparedStatement } from '../../db/prepared-statement';
import type { RulePack } from '../../rules';
import { rulesAt } from '../effective-rules';
import { refuse, refuseByRule, refuseWith } from '../refusal';
import { PARTY_COMMITTEE_COLLECTIVES } from '../../model/kinds';
import { reviewPrerequisites } from '../review-order';
import { suspendedInCommitteesOf, suspensionAt } from '../committee-suspension';
import { isCivilServant, RatingRow } from '../subject-facts';
import { Actor, Ballots, enter, expectVersion, requireAbility, requireAbilityCovering, update } from './core';
import { requestConsultations } from './proposal';
import { checkVote, selfVotingBody } from './votes';

export interface SelfAssessmentInput {
  criteria: { id: string; grade?: string | null; points?: number | null }[];
  targets?: CeilingFacts['targets'] | null;
  selfLevel: Level;
  note?: string | null;
  /** A civil servant's own civil-service level, where the form asks for it (003 Mẫu 02, part VII.1). */
  civilServiceSelfLevel?: Level | null;
  /** An organization's or collective's self-rating is voted by its committee, branch or collective (001 §V items 1–2). */
  ballots?: Ballots | null;
  expectedVersion?: number | null;
}

export async function submitSelfAssessment(em: EntityManager, actor: Actor, r: RatingRow, input: SelfAssessmentInput): Promise<RatingRow> {
  const covering = await requireAbilityCovering(em, actor, 'selfAssess', r);
  expectVersion(r, input.expectedVersion);
  const stage = enter(r, 'selfAssess');
  const pack = await rulesAt(em, actor.cycleId, r.unitPath);
  const criteria = checkedCriteria(pack, r.subjectKind, input.criteria, true);
  const t = input.targets;
  if (t && (t.done > t.total || t.exceeded > t.done || (t.short ?? 0) > t.done)) {
    refuse('BAD_TARGETS', 'targets: need exceeded ≤ done ≤ total and short ≤ done', ['input', 'targets'], {
      total: t.total,
      done: t.done,
      exceeded: t.exceeded,
      short: t.short ?? 0,
    });
  }
  const voted = r.subjectKind === 'PARTY_ORGANIZATION' || r.subjectKind === 'LEADERSHIP_COLLECTIVE';
  if (voted) await checkVote(em, pack, input.ballots, input.selfLevel, await selfVotingBody(em, r), ['input', 'ballots']);
  const civilSelf = await civilServiceSelfLevel(em, r, pack, input.civilServiceSelfLevel ?? null);
  const facts = { ...r.facts, criteria, ...(t ? { targets: t } : {}), ...(civilSelf ? { selfCivilServiceLevel: civilSelf } : {}) };
  const after = await update(
    em,
    r,
    {
      stage,
      self_level: input.selfLevel,
      self_assessed_at: new Date(),
      facts,
      self_rating_ballots: voted ? (input.ballots ?? null) : null,
    },
    actor,
    'selfAssess',
  );
  // Step 2 of 004 §II.4 follows the self-rating: the consulted bodies are asked now, whether or not anyone verifies or proposes.
  await requestConsultations(em, covering, after);
  return after;
}

/**
 * The review meeting was held (004 §II.7.2: no rating before the review). Where suggestions exist, only once
 * answered and the report approved (004 §I.4.1.1); a collective's draft report sent in time (43-HD/BTCTW).
 */
export async function recordReview(
  em: EntityManager,
  actor: Actor,
  r: RatingRow,
  heldOn: string,
  draftSentOn: string | null,
  reviewedWith: string | null = null,
): Promise<RatingRow> {
  const covering = await requireAbilityCovering(em, actor, 'selfAssess', r);
  enter(r, 'recordReview');
  const pack = await rulesAt(em, actor.cycleId, r.unitPath);
  const late = draftReportFindings(
    pack,
    r.subjectKind === 'PARTY_ORGANIZATION' || r.subjectKind === 'LEADERSHIP_COLLECTIVE',
    draftSentOn,
    heldOn,
  );
  if (late.length) throw refuseWith(draftSentOn ? 'DRAFT_REPORT_LATE' : 'DRAFT_REPORT_DATE_MISSING', late, ['input', 'draftSentOn']);
  const suspended = await suspensionAt(em, r, heldOn);
  const outOfOrder = reviewOrderFindings(await reviewPrerequisites(em, r, pack), heldOn, Boolean(suspended?.inCommittee));
  if (outOfOrder.length) throw refuseWith('REVIEW_ORDER', outOfOrder, ['input', 'heldOn']);
  if (suspended?.inCommittee) {
    const elsewhere = suspendedMemberReviewFindings(suspended.suspension, suspended.branch, suspended.branchHeldOn, heldOn);
    if (elsewhere.length) throw refuseWith('SUSPENDED_MEMBER_REVIEW', elsewhere, ['input', 'heldOn']);
  }
  if (r.subjectKind === 'LEADERSHIP_COLLECTIVE') {
    const [{ n }] = await COLLECTIVE_SIZE.run<{ n: number }>(em, [r.subjectRefId, heldOn]);
    const host = n < pack.process.smallCollectiveMembers && reviewedWith ? await reviewHost(em, actor, r, reviewedWith, pack) : null;
    const small = smallCollectiveFindings(pack, n, host, heldOn);
    if (small.length) throw refuseWith('SMALL_COLLECTIVE_REVIEW', small, ['input', 'reviewedWith']);
  }
  const [s] = await em.query<{ n: number; open: number }[]>(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE answer IS NULL)::int AS open FROM review_suggestion WHERE rating_id = $1 AND issued_at IS NOT NULL`,
    [r.id],
  );
  if (s.open > 0)
    refuseByRule(
      'SUGGESTIONS_UNANSWERED',
      'review.suggestions-answered',
      '004 §I.4.1.2',
      `${s.open} of ${s.n} review suggestions are not answered (Mẫu 01/02 part IV)`,
      ['input', 'rating'],
      { suggestions: s.n, unanswered: s.open },
    );
  if (s.n > 0 && !r.reportApprovedAt) {
    throw refuseWith('REPORT_NOT_APPROVED', [
      {
        rule: 'review.report-approval',
        source: '004 §I.4.1.1',
        message:
          'where review suggestions exist, the standing body of the directly superior committee must agree to the review report before the review is held',
        messageVi:
          'nơi có gợi ý kiểm điểm, việc chuẩn bị báo cáo kiểm điểm phải được thường trực cấp ủy cấp trên trực tiếp đồng ý mới tiến hành kiểm điểm',
        figures: { suggestions: s.n },
      },
    ]);
  }
  // 004 §II.7.16: the review of a suspended committee member covers the time before the suspension; the rating keeps it.
  const facts = suspended ? { facts: { ...r.facts, committeeSuspension: suspended.suspension } } : {};
  const after = await update(em, r, { review_held_on: heldOn, draft_sent_on: draftSentOn, ...facts }, actor, 'recordReview');
  await requestConsultations(em, covering, after);
  return after;
}

export type CriterionEntry = { id: string; grade?: string | null; points?: number | null };

/**
 * Criteria graded (or scored) against the subject's template in the pack: every id known, a grade or
 * points in range for each graded item, none for an item the form records without a grade; with
 * `complete`, every graded item that applies to the subject (DOMAIN §15.6: nothing passes by omission).
 */
export function checkedCriteria(
  pack: RulePack,
  kind: string,
  criteria: CriterionEntry[],
  complete: boolean,
  field = ['input', 'criteria'],
): CriterionEntry[] {
  const template = pack.templates[kind as keyof typeof pack.templates];
  const known = new Set(template.criteria.map((c) => c.id));
  const unknown = criteria.filter((c) => !known.has(c.id)).map((c) => c.id);
  if (unknown.length)
    refuseByRule(
      'UNKNOWN_CRITERION',
      'template.criteria',
      template.source,
      `criteria not in ${template.form}: ${unknown.join(', ')}`,
      field,
      { unknown: unknown.join(', '), form: template.form },
    );
  const ungraded = template.criteria
    .filter((t) => t.graded === false && criteria.some((c) => c.id === t.id && (c.grade != null || c.points != null)))
    .map((t) => t.id);
  if (ungraded.length)
    refuseByRule(
      'BAD_GRADE',
      'template.ungraded',
      template.source,
      `${template.form} records ${ungraded.join(', ')} without a grade`,
      field,
      { ungraded: ungraded.join(', ') },
    );
  if (complete) {
    const missing = template.criteria
      .filter((t) => t.graded !== false && (!t.leadersOnly || kind === 'LEADER') && !criteria.some((c) => c.id === t.id))
      .map((t) => t.id);
    if (missing.length) {
      refuseByRule(
        'SELF_ASSESSMENT_INCOMPLETE',
        'template.complete',
        `${template.source}; DOMAIN §15.6`,
        `${template.form} is incomplete: ${missing.join(', ')} not graded`,
        field,
        { missing: missing.join(', '), form: template.form },
      );
    }
  }
  const points = pack.scoring.model === 'POINTS';
  for (const c of criteria.filter((x) => template.criteria.find((t) => t.id === x.id)?.graded !== false)) {
    const max = template.criteria.find((x) => x.id === c.id)?.maxPoints ?? 0;
    if (points && (c.points == null || c.points < 0 || c.points > max))
      refuseByRule('BAD_POINTS', 'template.points', template.source, `criterion ${c.id}: points from 0 to ${max}`, [...field, c.id], {
        points: c.points ?? null,
        max,
      });
    if (!points && !c.grade)
      refuseByRule('GRADE_REQUIRED', 'template.grade', template.source, `criterion ${c.id}: a grade is required by ${template.form}`, [
        ...field,
        c.id,
      ]);
  }
  return criteria
    .filter((x) => template.criteria.find((t) => t.id === x.id)?.graded !== false)
    .map((c) => (points ? { id: c.id, points: c.points } : { id: c.id, grade: c.grade }));
}

/**
 * The members of a collective on a day: its post holders, or the seats of its committee where more are recorded;
 * neither counts a member suspended from committee activity by then (004 §II.7.16).
 */
const COLLECTIVE_SIZE = new PreparedStatement(
  `WITH suspended AS (${suspendedInCommitteesOf('(SELECT body_id FROM collective WHERE id = $1)', '$2::date')})
   SELECT GREATEST(
     (SELECT count(DISTINCT po.person_id) FROM post po WHERE po.collective_id = $1 AND po.starts_on <= $2 AND (po.ends_on IS NULL OR po.ends_on >= $2)
         AND po.person_id NOT IN (SELECT person_id FROM suspended)),
     (SELECT count(DISTINCT s.person_id) FROM committee_seat s JOIN collective c ON c.body_id = s.body_id
       WHERE c.id = $1 AND s.starts_on <= $2 AND (s.ends_on IS NULL OR s.ends_on >= $2) AND s.person_id NOT IN (SELECT person_id FROM suspended)))::int AS n`,
);

/**
 * The rating a small collective is reviewed with (004 §II.7.4): a party organization or collective of the
 * same cycle, at the collective's unit or above it, or the branch where one of its members belongs. A party
 * organization's own committee of one or two — "tổ chức đảng chỉ có bí thư hoặc bí thư và phó bí thư" — is
 * reviewed at that party organization itself.
 */
async function reviewHost(em: EntityManager, actor: Actor, r: RatingRow, hostId: string, pack: RulePack): Promise<ReviewHost> {
  const [h] = await em.query<
    {
      kind: string;
      refId: string;
      code: string;
      heldOn: string | null;
      cycleId: string;
      related: boolean;
      committee: boolean;
      ownOrganization: boolean;
    }[]
  >(
    `SELECT h.subject_kind AS kind, h.subject_ref_id::text AS "refId", h.subject_code AS code, h.review_held_on::text AS "heldOn", h.cycle_id::text AS "cycleId",
            $2::text LIKE h.unit_path || '%' OR EXISTS (SELECT 1 FROM post po JOIN membership m ON m.person_id = po.person_id
                                                  WHERE po.collective_id = $3 AND m.branch_id = h.unit_id) AS related,
            c.kind = ANY($4::text[]) AS committee,
            h.subject_kind = 'PARTY_ORGANIZATION' AND h.unit_id = c.unit_id AS "ownOrganization"
       FROM rating h, collective c WHERE h.id = $1 AND h.annulled_at IS NULL AND c.id = $3`,
    [hostId, r.unitPath, r.subjectRefId, [...PARTY_COMMITTEE_COLLECTIVES]],
  );
  if (h) await requireAbility(em, actor, 'read', h.kind, h.refId);
  if (
    !h ||
    h.cycleId !== r.cycleId ||
    !['PARTY_ORGANIZATION', 'LEADERSHIP_COLLECTIVE'].includes(h.kind) ||
    h.refId === r.subjectRefId ||
    !h.related
  ) {
    refuse(
      'REVIEW_HOST_INVALID',
      'reviewedWith: the review of the party organization or collective of the same cycle where this collective is reviewed — at its unit or above, or its members’ branch',
      ['input', 'reviewedWith'],
    );
  }
  if (h.committee && !h.ownOrganization)
    refuseByRule(
      'REVIEW_HOST_INVALID',
      'review.secretary-only-organization',
      pack.process.smallCollectiveSource,
      'a party organization with only a secretary, or a secretary and a deputy: its committee is reviewed at that party organization — name its review',
      ['input', 'reviewedWith'],
      { host: h.code },
    );
  return { code: h.code, heldOn: h.heldOn };
}

/**
 * The civil-service self-level of Mẫu 02 (003, part VII.1): asked of a civil servant where the form has it, and of
 * no one else; nothing passes by omission (DOMAIN §15.6).
 */
async function civilServiceSelfLevel(em: EntityManager, r: RatingRow, pack: RulePack, given: Level | null): Promise<Level | null> {
  const template = pack.templates[r.subjectKind as keyof typeof pack.templates];
  if (!template.civilServiceSelfLevel) return null;
  const civil = await isCivilServant(em, r);
  if (civil && !given) {
    refuseByRule(
      'SELF_ASSESSMENT_INCOMPLETE',
      'template.civil-service-self-level',
      template.source,
      `${template.form} of a civil servant also holds their own civil-service level (part VII.1): civilServiceSelfLevel`,
      ['input', 'civilServiceSelfLevel'],
    );
  }
  if (!civil && given)
    refuse('BAD_FACTS', `${template.form} holds a civil-service self-level only for a civil servant`, ['input', 'civilServiceSelfLevel']);
  return given;
}
