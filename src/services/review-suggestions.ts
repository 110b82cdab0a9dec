import { EntityManager } from 'typeorm';
import { actsFor } from '../policies/ability';
import { BodyRef, SUGGESTION_SOURCE, suggestingBodiesOf } from '../policies/managing-bodies';
import { RE_RATING_SOURCE, upperCommitteeOf } from '../policies/re-rating-authority';
import { appendAudit } from './audit-log';
import { Actor, enter, loadForUpdate, requireAbility, update } from './rating-workflow';
import { noSuch, refuse, refuseByRule } from './refusal';
import { RatingRow } from './subject-facts';

/** 004 §I.4.1.1: "phải được thường trực cấp ủy cấp trên trực tiếp đồng ý mới tiến hành kiểm điểm". */
const APPROVAL_SOURCE = '004 §I.4.1.1';

const firstActedFor = (actor: Actor, bodies: BodyRef[]) => bodies.find((b) => actsFor(actor.viewer, b.id)) ?? null;
const codes = (bodies: BodyRef[]) => bodies.map((b) => b.code).join(', ') || 'none recorded';

/**
 * A review suggestion (gợi ý kiểm điểm, 004 §I.4.1.2): issued by a body that manages the subject —
 * whether or not it decides the rating — or drafted by the body that advises it, for the managing
 * body to issue. Only issued suggestions hold the review back.
 */
export async function suggest(em: EntityManager, actor: Actor, r: RatingRow, text: string): Promise<void> {
  await requireAbility(em, actor, 'read', r.subjectKind, r.subjectRefId);
  enter(r, 'issueSuggestion');
  const { managing, drafting } = await suggestingBodiesOf(em, actor.cycleId, r.subjectKind, r.subjectRefId);
  const issuer = firstActedFor(actor, managing);
  const drafter = issuer ? null : firstActedFor(actor, drafting);
  if (!issuer && !drafter) {
    refuse(
      'NOT_AUTHORIZED',
      `review suggestions come from the bodies that manage the subject (${codes(managing)}) or are drafted by their advisory bodies (${codes(drafting)}), ${SUGGESTION_SOURCE}`,
      ['input', 'rating'],
      { managing: codes(managing), drafting: codes(drafting) },
    );
  }
  const [s]: { id: string }[] = issuer
    ? await em.query(
        `INSERT INTO review_suggestion (rating_id, issued_by_body_id, issued_by, issued_at, text) VALUES ($1, $2, $3, now(), $4) RETURNING id::text AS id`,
        [r.id, issuer.id, actor.viewer.personId, text],
      )
    : await em.query(
        `INSERT INTO review_suggestion (rating_id, drafted_by_body_id, drafted_by, drafted_at, text) VALUES ($1, $2, $3, now(), $4) RETURNING id::text AS id`,
        [r.id, drafter!.id, actor.viewer.personId, text],
      );
  await appendAudit(em, {
    actorPersonId: actor.viewer.personId,
    actingForBodyId: (issuer ?? drafter)!.id,
    delegationId: null,
    action: issuer ? 'issueSuggestion' : 'draftSuggestion',
    entity: 'review_suggestion',
    entityId: s.id,
    before: null,
    after: { ratingId: r.id, text },
  });
}

interface SuggestionRow {
  ratingId: string;
  text: string;
  answer: string | null;
  issuedAt: Date | null;
}

/** A suggestion and its rating, both locked, once the caller's ability allows `action` on the subject and the stage allows `step`. */
async function lockSuggestion(
  em: EntityManager,
  actor: Actor,
  suggestionId: string,
  action: 'read' | 'selfAssess',
  step: 'issueSuggestion' | 'answerSuggestion',
): Promise<{ s: SuggestionRow; r: RatingRow }> {
  const [s] = await em.query<SuggestionRow[]>(
    `SELECT rating_id::text AS "ratingId", text, answer, issued_at AS "issuedAt" FROM review_suggestion WHERE id = $1 FOR UPDATE`,
    [suggestionId],
  );
  if (!s) noSuch('suggestion');
  const r = await loadForUpdate(em, s.ratingId, 'suggestion');
  await requireAbility(em, actor, action, r.subjectKind, r.subjectRefId, 'suggestion');
  enter(r, step);
  return { s, r };
}

/** The managing body issues a drafted suggestion, with its text as drafted or amended. */
export async function issueDraft(em: EntityManager, actor: Actor, suggestionId: string, text: string | null): Promise<RatingRow> {
  const { s, r } = await lockSuggestion(em, actor, suggestionId, 'read', 'issueSuggestion');
  const { managing } = await suggestingBodiesOf(em, actor.cycleId, r.subjectKind, r.subjectRefId);
  const issuer = firstActedFor(actor, managing);
  if (!issuer)
    refuse(
      'NOT_AUTHORIZED',
      `a drafted suggestion is issued by a body that manages the subject (${codes(managing)}), ${SUGGESTION_SOURCE}`,
      ['input', 'suggestion'],
      { managing: codes(managing) },
    );
  if (s.issuedAt)
    refuseByRule('WRONG_STAGE', 'suggestion.draft', SUGGESTION_SOURCE, 'the suggestion is already issued', ['input', 'suggestion']);
  await em.query(`UPDATE review_suggestion SET issued_by_body_id = $2, issued_by = $3, issued_at = now(), text = $4 WHERE id = $1`, [
    suggestionId,
    issuer.id,
    actor.viewer.personId,
    text ?? s.text,
  ]);
  await appendAudit(em, {
    actorPersonId: actor.viewer.personId,
    actingForBodyId: issuer.id,
    delegationId: null,
    action: 'issueSuggestion',
    entity: 'review_suggestion',
    entityId: suggestionId,
    before: { text: s.text, issued: false },
    after: { text: text ?? s.text, issued: true },
  });
  return r;
}

/** The subject answers an issued suggestion (Mẫu 01/02 part IV). */
export async function answerSuggestion(em: EntityManager, actor: Actor, suggestionId: string, answer: string): Promise<RatingRow> {
  const { s, r } = await lockSuggestion(em, actor, suggestionId, 'selfAssess', 'answerSuggestion');
  // A draft is the advisory body's work in progress: the subject neither sees nor answers it.
  if (!s.issuedAt) noSuch('suggestion');
  await em.query(`UPDATE review_suggestion SET answer = $2, answered_at = now() WHERE id = $1`, [suggestionId, answer]);
  await appendAudit(em, {
    actorPersonId: actor.viewer.personId,
    actingForBodyId: null,
    delegationId: null,
    action: 'answerSuggestion',
    entity: 'review_suggestion',
    entityId: suggestionId,
    before: { answer: s.answer },
    after: { answer },
  });
  return r;
}

/**
 * Where suggestions exist, the standing body of the directly superior committee agrees to the
 * review report before the review is held (004 §I.4.1.1) — the committee that would re-rate
 * (004 §II.7.8), acting through its standing committee.
 */
export async function approveReport(em: EntityManager, actor: Actor, r: RatingRow): Promise<RatingRow> {
  await requireAbility(em, actor, 'read', r.subjectKind, r.subjectRefId);
  enter(r, 'approveReport');
  const upper = await upperCommitteeOf(em, r.unitPath, r.unitId);
  if (!upper) {
    return refuseByRule(
      'NO_UPPER_COMMITTEE',
      'review.report-approval',
      `${APPROVAL_SOURCE}; ${RE_RATING_SOURCE}`,
      'no party committee above this subject is recorded: its report is agreed by the central bodies, outside this system',
      ['input', 'rating'],
    );
  }
  const body = upper.standingBodyIds.find((b) => actsFor(actor.viewer, b));
  if (!body) {
    return refuse(
      'NOT_AUTHORIZED',
      `the review report is agreed by the standing body of the directly superior committee (${upper.executiveCode}), ${APPROVAL_SOURCE}`,
      ['input', 'rating'],
      { upperCommittee: upper.executiveCode },
    );
  }
  return update(em, r, { report_approved_at: new Date() }, actor, 'approveReport', { actingFor: body });
}
