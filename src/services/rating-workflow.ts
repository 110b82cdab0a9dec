import { EntityManager } from 'typeorm';
import { PreparedStatement } from '../db/prepared-statement';
import { SqlParams } from '../db/sql-params';
import { Action } from '../policies/actions';
import { SubjectAbility, actsFor, buildAbility } from '../policies/ability';
import { abilityToSql, allowedOnSubjectSql } from '../policies/casl-sql';
import { CoveringRow, concerning, rowsConcerning, rowsCovering, rowsCoveringJson } from '../policies/delegation-matrix';
import { DelegationRow } from '../policies/delegation-row';
import type { CycleAbility } from '../policies/request-ability';
import { Viewer } from '../policies/viewer';
import {
  CeilingFacts, Level, LEVELS, atLeast, ceilingOf, checkQuota, eligibility, ratedPost, tallyBallots, unmetPrerequisites,
} from '../rules';
import { postRank } from '../rules/post-rank';
import { subjectViewOf } from '../model/kinds';
import { appendAudit } from './audit-log';
import { rulesAt } from './effective-rules';
import { refuse, refuseWith } from './refusal';
import { RATING_COLUMNS, RatingRow, derivedFacts } from './subject-facts';

/** Who acts, with their ability in the cycle the rating belongs to. */
export interface Actor extends CycleAbility { viewer: Viewer }

export interface Ballots { convened: number; votes: Partial<Record<Level, number>> }

const DECIDABLE = ['SELF_ASSESSED', 'VERIFIED', 'PROPOSED'];

async function loadForUpdate(em: EntityManager, ratingId: string): Promise<RatingRow> {
  const [r] = await em.query(`SELECT ${RATING_COLUMNS('r')} FROM rating r WHERE r.id = $1 AND r.annulled_at IS NULL FOR UPDATE`, [ratingId]);
  if (!r) refuse('NOT_FOUND', 'no current rating with this id', ['input', 'rating']);
  return r;
}

/** Refuses unless the caller's ability allows the action on the rating's subject (the same SQL condition as the lists). */
async function requireAbility(em: EntityManager, actor: Actor, action: Action, kind: string, refId: string): Promise<void> {
  const p = new SqlParams();
  const [{ allowed }] = await em.query(`SELECT ${allowedOnSubjectSql(actor.ability, action, p, kind, refId)} AS allowed`, p.values);
  refuseUnlessAllowed(allowed, action);
}

function refuseUnlessAllowed(allowed: boolean, action: Action): void {
  if (!allowed) refuse('NOT_AUTHORIZED', `you may not ${action} this subject in this cycle (see canI for the rows that would allow it)`, ['input'], { action });
}

function stageIn(r: RatingRow, stages: string[], action: string): void {
  if (!stages.includes(r.stage)) {
    refuse('WRONG_STAGE', `cannot ${action} a rating at stage ${r.stage} (needs ${stages.join(' or ')})`, ['input', 'rating'], { stage: r.stage, allowed: stages.join(', ') });
  }
}

async function update(em: EntityManager, r: RatingRow, set: Record<string, unknown>, actor: Actor, action: string, extra: { actingFor?: string | null; delegationId?: string | null } = {}): Promise<RatingRow> {
  const p = new SqlParams();
  const assignments = Object.entries(set).map(([col, v]) => `${col} = ${p.add(v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v)}`);
  const [[after]] = await em.query(
    `UPDATE rating r SET ${assignments.join(', ')}, version = version + 1, updated_at = now() WHERE r.id = ${p.add(r.id)} RETURNING ${RATING_COLUMNS('r')}`, p.values);
  await appendAudit(em, {
    actorPersonId: actor.viewer.personId, actingForBodyId: extra.actingFor ?? null, delegationId: extra.delegationId ?? null,
    action, entity: 'rating', entityId: r.id, before: snapshot(r), after: snapshot(after),
  });
  return after;
}

const snapshot = (r: RatingRow) => ({
  stage: r.stage, selfLevel: r.selfLevel, proposedLevel: r.proposedLevel, decidedLevel: r.decidedLevel, facts: r.facts,
  authorityBodyId: r.authorityBodyId, version: r.version, notRatedReason: r.notRatedReason,
});

/**
 * The current rating of a subject in the cycle, opened when first needed. Eligibility is settled at
 * opening (DOMAIN §3, §15.5; concurrent posts rated once, 004 §II.7.5–7.7): a subject not rated is NOT_RATED with its reason.
 */
export async function openRating(em: EntityManager, actor: Actor, kind: string, refId: string): Promise<RatingRow> {
  const [existing] = await em.query(
    `SELECT ${RATING_COLUMNS('r')} FROM rating r WHERE r.cycle_id = $1 AND r.subject_kind = $2 AND r.subject_ref_id = $3 AND r.annulled_at IS NULL`,
    [actor.cycleId, kind, refId]);
  if (existing) return existing;
  const [s] = await em.query(`SELECT code, unit_id::text AS "unitId", unit_path AS "unitPath", person_id::text AS "personId" FROM ${subjectViewOf(kind)} WHERE ref_id = $1`, [refId]);
  if (!s) refuse('NOT_FOUND', 'no such subject', ['input', 'subject']);
  const cycle = { referenceDate: actor.referenceDate };
  const pack = await rulesAt(em, actor.cycleId, s.unitPath);
  let reason: string | null = null;
  if (kind === 'PARTY_MEMBER') {
    const [m] = await em.query(`SELECT status, admitted_on AS "admittedOn" FROM membership WHERE id = $1`, [refId]);
    reason = eligibility({ kind, membership: m }, cycle.referenceDate, pack).reason;
  } else if (kind === 'LEADER') {
    const posts: { id: string; startsOn: string; depth: number; category: string }[] = await em.query(
      `SELECT po.id::text AS id, po.starts_on AS "startsOn", u.depth, po.category FROM post po JOIN unit u ON u.id = po.unit_id
        WHERE po.person_id = (SELECT person_id FROM post WHERE id = $1) AND po.starts_on <= $2 AND (po.ends_on IS NULL OR po.ends_on >= $2)`,
      [refId, cycle.referenceDate]);
    const self = posts.find((p) => p.id === refId);
    reason = eligibility({ kind, appointedOn: self?.startsOn }, cycle.referenceDate, pack).reason;
    if (!reason && posts.length > 1) {
      const days = (p: { startsOn: string }) => Math.round((Date.parse(cycle.referenceDate) - Date.parse(p.startsOn)) / 86400000);
      const { ratedAt } = ratedPost(posts.map((p) => ({ id: p.id, rank: postRank(p.depth, p.category), daysHeld: days(p) })));
      if (ratedAt.id !== refId) reason = 'RATED_AT_OTHER_POST';
    }
  } else {
    const [u] = await em.query(`SELECT founded_on AS "foundedOn" FROM unit WHERE id = $1`, [s.unitId]);
    reason = eligibility({ kind: kind as 'PARTY_ORGANIZATION', foundedOn: u.foundedOn }, cycle.referenceDate, pack).reason;
  }
  const [created]: RatingRow[] = await em.query(
    `INSERT INTO rating (cycle_id, subject_kind, subject_ref_id, subject_code, unit_id, unit_path, person_id, stage, not_rated_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${RATING_COLUMNS('rating')}`,
    [actor.cycleId, kind, refId, s.code, s.unitId, s.unitPath, s.personId, reason ? 'NOT_RATED' : 'OPEN', reason]);
  await appendAudit(em, { actorPersonId: actor.viewer.personId, actingForBodyId: null, delegationId: null, action: 'open', entity: 'rating', entityId: created.id, before: null, after: snapshot(created) });
  return created;
}

export interface SelfAssessmentInput { criteria: { id: string; grade?: string | null; points?: number | null }[]; targets?: CeilingFacts['targets'] | null; selfLevel: Level; note?: string | null }

export async function submitSelfAssessment(em: EntityManager, actor: Actor, r: RatingRow, input: SelfAssessmentInput): Promise<RatingRow> {
  await requireAbility(em, actor, 'selfAssess', r.subjectKind, r.subjectRefId);
  stageIn(r, ['OPEN', 'SELF_ASSESSED'], 'self-assess');
  const pack = await rulesAt(em, actor.cycleId, r.unitPath);
  const template = pack.templates[r.subjectKind as keyof typeof pack.templates];
  const known = new Set(template.criteria.map((c) => c.id));
  const unknown = input.criteria.filter((c) => !known.has(c.id)).map((c) => c.id);
  if (unknown.length) refuse('UNKNOWN_CRITERION', `criteria not in ${template.form}: ${unknown.join(', ')}`, ['input', 'criteria'], { unknown: unknown.join(', '), form: template.form });
  const points = pack.scoring.model === 'POINTS';
  for (const c of input.criteria) {
    const max = template.criteria.find((t) => t.id === c.id)?.maxPoints ?? 0;
    if (points && (c.points == null || c.points < 0 || c.points > max)) refuse('BAD_POINTS', `criterion ${c.id}: points from 0 to ${max}`, ['input', 'criteria', c.id], { points: c.points ?? null, max });
    if (!points && !c.grade) refuse('GRADE_REQUIRED', `criterion ${c.id}: a grade is required by ${template.form}`, ['input', 'criteria', c.id]);
  }
  const t = input.targets;
  if (t && (t.done > t.total || t.exceeded > t.done || (t.short ?? 0) > t.done)) {
    refuse('BAD_TARGETS', 'targets: need exceeded ≤ done ≤ total and short ≤ done', ['input', 'targets'], { total: t.total, done: t.done, exceeded: t.exceeded, short: t.short ?? 0 });
  }
  const facts = { ...r.facts, criteria: input.criteria.map((c) => (points ? { id: c.id, points: c.points } : { id: c.id, grade: c.grade })), ...(t ? { targets: t } : {}) };
  return update(em, r, { stage: 'SELF_ASSESSED', self_level: input.selfLevel, self_assessed_at: new Date(), facts }, actor, 'selfAssess');
}

/** The review meeting was held (004 §II.7.2: no rating before the review). Where suggestions exist, only once answered and the report approved (004 §I.4.1.1). */
export async function recordReview(em: EntityManager, actor: Actor, r: RatingRow, heldOn: string): Promise<RatingRow> {
  await requireAbility(em, actor, 'selfAssess', r.subjectKind, r.subjectRefId);
  const [s] = await em.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE answer IS NULL)::int AS open FROM review_suggestion WHERE rating_id = $1`, [r.id]);
  if (s.open > 0) refuse('SUGGESTIONS_UNANSWERED', `${s.open} of ${s.n} review suggestions are not answered (Mẫu 01/02 part IV)`, ['input', 'rating'], { suggestions: s.n, unanswered: s.open });
  if (s.n > 0 && !r.reportApprovedAt) {
    throw refuseWith('REPORT_NOT_APPROVED', [{ rule: 'review.report-approval', source: '004 §I.4.1.1', message: 'where review suggestions exist, the upper standing body must approve the review report before the review is held', messageVi: 'nơi có gợi ý kiểm điểm, báo cáo kiểm điểm phải được ban thường vụ cấp trên cho ý kiến trước khi kiểm điểm', figures: { suggestions: s.n } }]);
  }
  return update(em, r, { review_held_on: heldOn }, actor, 'recordReview');
}

export async function issueSuggestion(em: EntityManager, actor: Actor, r: RatingRow, text: string): Promise<void> {
  const covering = await decidingRows(em, actor, r);
  const body = actingBody(actor, covering);
  const [s]: { id: string }[] = await em.query(`INSERT INTO review_suggestion (rating_id, issued_by_body_id, issued_by, text) VALUES ($1, $2, $3, $4) RETURNING id::text AS id`,
    [r.id, body.bodyId, actor.viewer.personId, text]);
  await appendAudit(em, { actorPersonId: actor.viewer.personId, actingForBodyId: body.bodyId, delegationId: body.delegationId, action: 'issueSuggestion', entity: 'review_suggestion', entityId: s.id, before: null, after: { ratingId: r.id, text } });
}

export async function answerSuggestion(em: EntityManager, actor: Actor, suggestionId: string, answer: string): Promise<RatingRow> {
  const [s] = await em.query(`SELECT rating_id::text AS "ratingId", answer FROM review_suggestion WHERE id = $1 FOR UPDATE`, [suggestionId]);
  if (!s) refuse('NOT_FOUND', 'no such review suggestion', ['input', 'suggestion']);
  const r = await loadForUpdate(em, s.ratingId);
  await requireAbility(em, actor, 'selfAssess', r.subjectKind, r.subjectRefId);
  await em.query(`UPDATE review_suggestion SET answer = $2, answered_at = now() WHERE id = $1`, [suggestionId, answer]);
  await appendAudit(em, { actorPersonId: actor.viewer.personId, actingForBodyId: null, delegationId: null, action: 'answerSuggestion', entity: 'review_suggestion', entityId: suggestionId, before: { answer: s.answer }, after: { answer } });
  return r;
}

export async function approveReport(em: EntityManager, actor: Actor, r: RatingRow): Promise<RatingRow> {
  const covering = await decidingRows(em, actor, r);
  const body = actingBody(actor, covering);
  return update(em, r, { report_approved_at: new Date() }, actor, 'approveReport', { actingFor: body.bodyId, delegationId: body.delegationId });
}

/** Staff verification (thẩm định) with the facts they establish: civil-service level, ballots, discipline… */
export async function verify(em: EntityManager, actor: Actor, r: RatingRow, facts: Partial<CeilingFacts>, note: string | null): Promise<RatingRow> {
  await requireAbility(em, actor, 'verify', r.subjectKind, r.subjectRefId);
  stageIn(r, ['SELF_ASSESSED', 'VERIFIED', 'PROPOSED'], 'verify');
  const merged = { ...r.facts, ...facts };
  const after = await update(em, r, { stage: r.stage === 'PROPOSED' ? 'PROPOSED' : 'VERIFIED', verified_at: new Date(), verification_note: note, facts: merged }, actor, 'verify');
  await requestConsultations(em, actor, after);
  return after;
}

/** The proposal: the branch's or collective's vote, counted by DOMAIN §15.2. */
export async function propose(em: EntityManager, actor: Actor, r: RatingRow, level: Level, ballots: Ballots): Promise<RatingRow> {
  await requireAbility(em, actor, 'propose', r.subjectKind, r.subjectRefId);
  stageIn(r, ['SELF_ASSESSED', 'VERIFIED', 'PROPOSED'], 'propose');
  checkBallots(ballots, level, ['input', 'ballots']);
  const after = await update(em, r, { stage: 'PROPOSED', proposed_level: level, proposal_ballots: ballots }, actor, 'propose');
  await requestConsultations(em, actor, after);
  return after;
}

function checkBallots(ballots: Ballots, level: Level, field: string[]): void {
  let tally;
  try {
    tally = tallyBallots(ballots);
  } catch (e) {
    refuse('BAD_BALLOTS', (e as Error).message, field, { convened: ballots.convened });
  }
  if (!tally.decided) throw refuseWith('BALLOTS_NO_RESULT', tally.findings, field);
  if (tally.level !== level) {
    refuse('BALLOTS_MISMATCH', `the ballots give ${tally.level}, not ${level} (more than 50% of the ${ballots.convened} convened, counted from the top)`, field, { ...tally.figures, result: tally.level, asked: level });
  }
}

/** Opens the consultations that the row in force requires before the decision (003 §II.5.2). */
async function requestConsultations(em: EntityManager, actor: Actor, r: RatingRow): Promise<void> {
  const rows = (await rowsCovering(em, actor.cycleId, r.subjectKind, r.subjectRefId)).filter((x) => x.power === 'DECIDE' && !x.superseded);
  for (const row of rows) {
    for (const body of row.consultBodyIds) {
      await em.query(`INSERT INTO consultation (rating_id, body_id, source) VALUES ($1, $2, $3) ON CONFLICT (rating_id, body_id) DO NOTHING`, [r.id, body, row.source]);
    }
  }
}

export async function giveOpinion(em: EntityManager, actor: Actor, consultationId: string, level: Level, opinion: string): Promise<RatingRow> {
  const [c] = await em.query(`SELECT rating_id::text AS "ratingId", body_id::text AS "bodyId", opinion_level AS "opinionLevel" FROM consultation WHERE id = $1 FOR UPDATE`, [consultationId]);
  if (!c) refuse('NOT_FOUND', 'no such consultation', ['input', 'consultation']);
  const r = await loadForUpdate(em, c.ratingId);
  await requireAbility(em, actor, 'consult', r.subjectKind, r.subjectRefId);
  if (!actsFor(actor.viewer, c.bodyId)) refuse('NOT_AUTHORIZED', 'only a member of the consulted body may give its opinion', ['input', 'consultation']);
  if (r.decidedLevel) refuse('WRONG_STAGE', 'the rating is already decided', ['input', 'consultation'], { stage: r.stage });
  await em.query(`UPDATE consultation SET opinion_level = $2, opinion = $3, given_by = $4, given_at = now() WHERE id = $1`, [consultationId, level, opinion, actor.viewer.personId]);
  await appendAudit(em, { actorPersonId: actor.viewer.personId, actingForBodyId: c.bodyId, delegationId: null, action: 'giveOpinion', entity: 'consultation', entityId: consultationId, before: { level: c.opinionLevel }, after: { level, opinion } });
  return r;
}

/**
 * The caller's ability to decide the subject and the matrix rows covering it, in one statement;
 * refuses like requireAbility when the ability does not allow it.
 */
async function decidingRows(em: EntityManager, actor: Actor, r: RatingRow): Promise<CoveringRow[]> {
  const p = new SqlParams();
  const [row] = await em.query(
    `SELECT ${allowedOnSubjectSql(actor.ability, 'decide', p, r.subjectKind, r.subjectRefId)} AS allowed,
            ${rowsCoveringJson(p, actor.cycleId, r.subjectKind, r.subjectRefId)} AS rows`, p.values);
  refuseUnlessAllowed(row.allowed, 'decide');
  return row.rows;
}

/** The body (and delegation row) the caller decides for: the covering row in force whose delegate they act for. */
function actingBody(actor: Actor, covering: CoveringRow[]) {
  const rows = covering.filter((x) => x.power === 'DECIDE' && !x.superseded && actsFor(actor.viewer, x.delegateBodyId, x.delegateOffice));
  if (rows.length === 0) refuse('NOT_AUTHORIZED', 'no row of the matrix in force lets you decide this subject', ['input', 'rating']);
  const row = rows[0];
  return { bodyId: row.delegateBodyId, office: row.delegateOffice ?? '', delegationId: row.id, row };
}

export interface DecisionInput {
  level: Level; ballots?: Ballots | null; overrideReason?: string | null; decisionRef?: string | null;
  deviations?: { consultation: string; reason: string }[] | null; idempotencyKey?: string | null;
}

/**
 * The decision by the competent authority: ability, stage, verification, review, consultations,
 * order, ballots, ceiling (or a recorded override) and the quota — all in one transaction, with the
 * quota scope locked so that concurrent deciders can never together exceed it (DOMAIN §15.1).
 */
export async function decide(em: EntityManager, actor: Actor, r: RatingRow, input: DecisionInput): Promise<RatingRow> {
  const covering = await decidingRows(em, actor, r);
  stageIn(r, DECIDABLE, 'decide');
  const authority = actingBody(actor, covering);
  if (authority.row.compilerBodyId && !r.verifiedAt) {
    refuse('VERIFICATION_MISSING', 'the compiling staff must verify before the decision (004 §II.4.1 step 2)', ['input', 'rating']);
  }
  if (!r.reviewHeldOn) refuse('REVIEW_NOT_HELD', 'a subject is rated only after its review is held (004 §II.7.2)', ['input', 'rating']);
  await checkConsultations(em, r, input);
  const { facts, prerequisites } = await derivedFacts(em, r);
  const unmet = unmetPrerequisites(prerequisites);
  if (unmet.length) refuseWith('ORDER_PREREQUISITE', unmet, ['input', 'rating']);
  if (input.ballots) checkBallots(input.ballots, input.level, ['input', 'ballots']);

  const pack = await rulesAt(em, actor.cycleId, r.unitPath);
  const ceiling = ceilingOf(facts, pack);
  if (!atLeast(ceiling.ceiling, input.level) && !input.overrideReason) {
    throw refuseWith('CEILING_EXCEEDED', ceiling.findings.filter((f) => f.caps && !atLeast(f.caps, input.level)), ['input', 'level']);
  }

  await lockQuotaScope(em, actor, r.subjectKind, authority);
  // The number eligible matters only for the small-group rule: counting up to one past its threshold is enough.
  const scope = await quotaOfAuthority(em, quotaScopeOf(actor, r.subjectKind, authority), {
    exceptRatingId: r.id, minMonths: pack.eligibility.minMonths, countUpTo: pack.quota.smallGroupThreshold + 1 });
  const quota = withLowerBound(checkQuota(pack.quota, scope.eligible, { ...scope.decided, [input.level]: scope.decided[input.level] + 1 }), scope.atLeast);
  // Only a GOOD or EXCELLENT decision can break the quota; the figures are kept with every decision for the audit.
  if (!quota.ok && (input.level === 'EXCELLENT' || input.level === 'GOOD')) refuseWith('QUOTA_EXCEEDED', quota.findings, ['input', 'level']);
  return update(em, r, {
    stage: 'DECIDED', decided_level: input.level, decision_ballots: input.ballots ?? null, decided_at: new Date(), decided_by: actor.viewer.personId,
    authority_body_id: authority.bodyId, authority_office: authority.office, delegation_id: authority.delegationId, decision_ref: input.decisionRef ?? null,
    override_reason: input.overrideReason ?? null, ceiling: ceiling.ceiling, findings: ceiling.findings, idempotency_key: input.idempotencyKey ?? null,
    quota_at_decision: quota.figures,
  }, actor, 'decide', { actingFor: authority.bodyId, delegationId: authority.delegationId });
}

const CONSULTATIONS_OF_RATING = new PreparedStatement(
  `SELECT c.id::text AS id, b.code AS body, c.source, c.opinion_level AS "opinionLevel" FROM consultation c JOIN body b ON b.id = c.body_id WHERE c.rating_id = $1 ORDER BY c.id`);

async function checkConsultations(em: EntityManager, r: RatingRow, input: DecisionInput): Promise<void> {
  const consultations = await CONSULTATIONS_OF_RATING.run<{ id: string; body: string; source: string; opinionLevel: Level | null }>(em, [r.id]);
  const missing = consultations.filter((c) => !c.opinionLevel);
  if (missing.length) {
    throw refuseWith('CONSULTATION_MISSING', missing.map((c) => ({
      rule: 'consultation.required', source: c.source, message: `the opinion of ${c.body} is required before the decision`,
      messageVi: `phải lấy ý kiến ${c.body} trước khi quyết định`, figures: { body: c.body, consultation: c.id },
    })), ['input', 'rating']);
  }
  for (const c of consultations) {
    if (c.opinionLevel === input.level) continue;
    const d = input.deviations?.find((x) => x.consultation === c.id);
    if (!d?.reason) refuse('DEVIATION_REASON_MISSING', `${c.body} gave ${c.opinionLevel}; deciding ${input.level} needs a reason`, ['input', 'deviations'], { body: c.body, opinion: c.opinionLevel, decided: input.level });
    await em.query(`UPDATE consultation SET deviation_reason = $2 WHERE id = $1`, [c.id, d.reason]);
  }
}

const ADVISORY_LOCK = new PreparedStatement(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`);

/** One lock per quota scope (authority, cycle, subject kind) until the transaction ends: decisions in the scope queue here. */
function lockQuotaScope(em: EntityManager, actor: Actor, kind: string, authority: { bodyId: string; office: string }): Promise<unknown> {
  return ADVISORY_LOCK.run(em, [`quota:${actor.cycleId}:${kind}:${authority.bodyId}:${authority.office}`]);
}

/** Marks the eligible count as a lower bound ("≥ 6") when it was counted only up to the small-group threshold. */
function withLowerBound(q: ReturnType<typeof checkQuota>, atLeast: boolean): ReturnType<typeof checkQuota> {
  if (!atLeast) return q;
  const eligible = `≥ ${q.figures.eligible}`;
  return { ...q, figures: { ...q.figures, eligibleAtLeast: true } as typeof q.figures, findings: q.findings.map((f) => ({ ...f, figures: { ...f.figures, eligible } })) };
}

/** One quota scope (DOMAIN §15.1): an authority (body and office), a cycle and a kind of subject. */
export interface QuotaScope {
  cycleId: string; referenceDate: string; kind: string; authority: { bodyId: string; office: string };
  /** The matrix rows concerning the authority's body, when already read (a decider's own rows); read otherwise. */
  rows?: DelegationRow[];
}

/** The quota scope of a decision by the actor: the actor acts for the authority's body, so their rows include its rows. */
function quotaScopeOf(actor: Actor, kind: string, authority: { bodyId: string; office: string }): QuotaScope {
  return { cycleId: actor.cycleId, referenceDate: actor.referenceDate, kind, authority, rows: concerning(actor.rows, authority.bodyId) };
}

/**
 * Eligible subjects and decided levels of one quota scope, leaving out one rating (the one being
 * decided), in one statement. With `countUpTo`, eligible subjects are counted only up to that number.
 */
export async function quotaOfAuthority(em: EntityManager, q: QuotaScope, opts: { exceptRatingId?: string; minMonths: number; countUpTo?: number }) {
  const p = new SqlParams();
  const eligible = eligibleSql(q, p, await authorityAbility(em, q), opts.minMonths, opts.countUpTo);
  const [row] = await em.query(
    `SELECT count(*) FILTER (WHERE decided_level = 'EXCELLENT')::int AS "EXCELLENT", count(*) FILTER (WHERE decided_level = 'GOOD')::int AS "GOOD",
            count(*) FILTER (WHERE decided_level = 'COMPLETE')::int AS "COMPLETE", count(*) FILTER (WHERE decided_level = 'NOT_COMPLETE')::int AS "NOT_COMPLETE",
            (${eligible}) AS eligible
       FROM rating WHERE cycle_id = ${p.add(q.cycleId)} AND subject_kind = ${p.add(q.kind)} AND authority_body_id = ${p.add(q.authority.bodyId)}
        AND authority_office = ${p.add(q.authority.office)} AND annulled_at IS NULL AND decided_level IS NOT NULL AND id <> ${p.add(opts.exceptRatingId ?? '0')}`,
    p.values);
  const decided = Object.fromEntries(LEVELS.map((l) => [l, row[l]])) as Record<Level, number>;
  return { eligible: row.eligible as number, decided, atLeast: opts.countUpTo !== undefined && row.eligible >= opts.countUpTo };
}

/** The authority's own ability: a synthetic holder of the office in the body, built from the same matrix. */
async function authorityAbility(em: EntityManager, q: QuotaScope): Promise<SubjectAbility> {
  const holder: Viewer = { personId: '0', code: '', systemRoles: [], membership: null, posts: [{ id: '0', unitId: '0', unitPath: '/none/', bodyId: q.authority.bodyId, collectiveId: null, collectiveBodyId: null, bodyKind: null, category: q.authority.office, role: 'MEMBER' }] };
  return buildAbility(holder, q.rows ?? await rowsConcerning(em, q.cycleId, [q.authority.bodyId]));
}

/** The count of subjects of a kind the authority decides in the cycle, less those not rated: the n of DOMAIN §15.1. */
function eligibleSql(q: QuotaScope, p: SqlParams, ability: SubjectAbility, months: number, countUpTo?: number): string {
  const cond = abilityToSql(ability, 'decide', p, 'a');
  // Not eligible: settled NOT_RATED at opening, or — for members not opened yet — exempted, suspended or
  // admitted less than the pack's months before the reference date (004 §II.1.2; DOMAIN §15.5).
  return `SELECT count(*)::int FROM (SELECT 1 FROM ${subjectViewOf(q.kind)} a
      WHERE ${cond}
        AND NOT EXISTS (SELECT 1 FROM rating x WHERE x.cycle_id = ${p.add(q.cycleId)} AND x.subject_kind = a.kind AND x.subject_ref_id = a.ref_id
                          AND x.annulled_at IS NULL AND x.stage = 'NOT_RATED')
        ${q.kind === 'PARTY_MEMBER'
    // A scalar subquery per subject: looked up by primary key, where EXISTS would be hashed over every member.
    ? `AND (SELECT m.status IN ('OFFICIAL', 'PROBATIONARY') AND m.admitted_on + make_interval(months => ${p.add(months)}::int) <= ${p.add(q.referenceDate)}::date
              FROM membership m WHERE m.id = a.ref_id)`
    : ''}
      ${countUpTo !== undefined ? `LIMIT ${p.add(countUpTo)}` : ''}) counted`;
}

export async function publish(em: EntityManager, actor: Actor, r: RatingRow): Promise<RatingRow> {
  const covering = await decidingRows(em, actor, r);
  stageIn(r, ['DECIDED'], 'publish');
  const body = actingBody(actor, covering);
  return update(em, r, { stage: 'PUBLISHED', published_at: new Date() }, actor, 'publish', { actingFor: body.bodyId, delegationId: body.delegationId });
}

/**
 * Re-rating (004 §II.7.8): the competent authority annuls a result and records a new one with its
 * reason and decision reference. Results that depended on it — a head capped by the unit, a party
 * organization counting its members — are flagged for review. Lowering is never refused by the quota.
 */
export async function reRate(em: EntityManager, actor: Actor, r: RatingRow, level: Level, reason: string, decisionRef: string | null): Promise<RatingRow> {
  const covering = await decidingRows(em, actor, r);
  stageIn(r, ['DECIDED', 'PUBLISHED'], 're-rate');
  const authority = actingBody(actor, covering);
  if (r.decidedLevel && atLeast(r.decidedLevel, level) === false && (level === 'EXCELLENT' || level === 'GOOD')) {
    await lockQuotaScope(em, actor, r.subjectKind, authority);
    const pack = await rulesAt(em, actor.cycleId, r.unitPath);
    const figures = await quotaOfAuthority(em, quotaScopeOf(actor, r.subjectKind, authority), {
      exceptRatingId: r.id, minMonths: pack.eligibility.minMonths, countUpTo: pack.quota.smallGroupThreshold + 1 });
    const quota = withLowerBound(checkQuota(pack.quota, figures.eligible, { ...figures.decided, [level]: figures.decided[level] + 1 }), figures.atLeast);
    if (!quota.ok) refuseWith('QUOTA_EXCEEDED', quota.findings, ['input', 'level']);
  }
  await em.query(`UPDATE rating SET annulled_at = now(), annul_reason = $2, idempotency_key = NULL, updated_at = now() WHERE id = $1`, [r.id, reason]);
  const [created]: RatingRow[] = await em.query(
    `INSERT INTO rating (cycle_id, subject_kind, subject_ref_id, subject_code, unit_id, unit_path, person_id, stage, facts, self_level, review_held_on,
                         verified_at, proposed_level, ceiling, findings, decided_level, decided_at, decided_by, authority_body_id, authority_office,
                         delegation_id, decision_ref, published_at, replaces_id)
     SELECT cycle_id, subject_kind, subject_ref_id, subject_code, unit_id, unit_path, person_id, 'PUBLISHED', facts, self_level, review_held_on,
            verified_at, proposed_level, ceiling, findings, $2, now(), $3, $4, $5, $6, $7, now(), id
       FROM rating WHERE id = $1
     RETURNING ${RATING_COLUMNS('rating')}`,
    [r.id, level, actor.viewer.personId, authority.bodyId, authority.office, authority.delegationId, decisionRef]);
  await appendAudit(em, { actorPersonId: actor.viewer.personId, actingForBodyId: authority.bodyId, delegationId: authority.delegationId, action: 'reRate', entity: 'rating', entityId: created.id, before: { ...snapshot(r), annulled: r.id, reason }, after: snapshot(created) });
  await flagDependents(em, created, level);
  return created;
}

/** Flags the results that depended on a subject's level after it changed. */
async function flagDependents(em: EntityManager, r: RatingRow, level: Level): Promise<void> {
  const reason = `the level of ${r.subjectCode} was changed to ${level} by re-rating`;
  const above = LEVELS.filter((l) => !atLeast(level, l));
  if (r.subjectKind === 'LEADERSHIP_COLLECTIVE') {
    await em.query(
      `UPDATE rating x SET flagged_reason = $4 FROM post po
        WHERE x.cycle_id = $1 AND x.subject_kind = 'LEADER' AND x.subject_ref_id = po.id AND po.collective_id = $2 AND po.role = 'HEAD'
          AND x.annulled_at IS NULL AND x.decided_level = ANY($3)`, [r.cycleId, r.subjectRefId, above, `${reason}: a head may not be above the unit (004 §II.7.15)`]);
  }
  if (r.subjectKind === 'PARTY_MEMBER' || r.subjectKind === 'PARTY_ORGANIZATION') {
    // The organization whose standard counts this subject: the branch for a member, the parent's organization for an organization.
    await em.query(
      `UPDATE rating x SET flagged_reason = $3 FROM body b JOIN unit u ON u.id = b.unit_id
        WHERE x.cycle_id = $1 AND x.subject_kind = 'PARTY_ORGANIZATION' AND x.subject_ref_id = b.id AND b.kind = 'PARTY_ORGANIZATION'
          AND x.annulled_at IS NULL AND x.decided_level IS NOT NULL
          AND u.id = (SELECT CASE WHEN $4 = 'PARTY_MEMBER' THEN s.unit_id ELSE (SELECT parent_id FROM unit WHERE id = s.unit_id) END FROM rating s WHERE s.id = $2)`,
      [r.cycleId, r.id, `${reason}: the organization's standard counts it (004 §II.5.1)`, r.subjectKind]);
  }
}

/** A complaint about a result, assigned to the body that decided it. */
export async function fileComplaint(em: EntityManager, actor: Actor, r: RatingRow, text: string): Promise<RatingRow> {
  await requireAbility(em, actor, 'selfAssess', r.subjectKind, r.subjectRefId);
  stageIn(r, ['DECIDED', 'PUBLISHED'], 'complain about');
  const [c]: { id: string }[] = await em.query(
    `INSERT INTO complaint (rating_id, filed_by, text, assigned_body_id) VALUES ($1, $2, $3, $4) RETURNING id::text AS id`, [r.id, actor.viewer.personId, text, r.authorityBodyId]);
  await appendAudit(em, { actorPersonId: actor.viewer.personId, actingForBodyId: null, delegationId: null, action: 'fileComplaint', entity: 'complaint', entityId: c.id, before: null, after: { ratingId: r.id, text, assignedBodyId: r.authorityBodyId } });
  return r;
}

/** Resolves a complaint, with or without a change of level (a change is a re-rating). */
export async function resolveComplaint(em: EntityManager, actor: Actor, complaintId: string, resolution: string, newLevel: Level | null): Promise<RatingRow> {
  const [c] = await em.query(`SELECT rating_id::text AS "ratingId", status FROM complaint WHERE id = $1 FOR UPDATE`, [complaintId]);
  if (!c) refuse('NOT_FOUND', 'no such complaint', ['input', 'complaint']);
  if (c.status !== 'OPEN') refuse('WRONG_STAGE', `the complaint is already ${c.status}`, ['input', 'complaint'], { status: c.status });
  const r = await loadForUpdate(em, c.ratingId);
  const changed = newLevel !== null && newLevel !== r.decidedLevel;
  const result = changed ? await reRate(em, actor, r, newLevel, `complaint ${complaintId}: ${resolution}`, null) : r;
  if (!changed) await requireAbility(em, actor, 'decide', r.subjectKind, r.subjectRefId);
  await em.query(`UPDATE complaint SET status = $2, resolution = $3, resolved_by = $4, resolved_at = now(), new_rating_id = $5 WHERE id = $1`,
    [complaintId, changed ? 'RESOLVED_CHANGED' : 'RESOLVED_UNCHANGED', resolution, actor.viewer.personId, changed ? result.id : null]);
  await appendAudit(em, { actorPersonId: actor.viewer.personId, actingForBodyId: null, delegationId: null, action: 'resolveComplaint', entity: 'complaint', entityId: complaintId, before: { status: c.status }, after: { status: changed ? 'RESOLVED_CHANGED' : 'RESOLVED_UNCHANGED', resolution } });
  return result;
}
