import { EntityManager } from 'typeorm';
import { PreparedStatement } from '../db/prepared-statement';
import { SqlParams } from '../db/sql-params';
import { Action } from '../policies/actions';
import { SubjectAbility, actsFor, buildAbility } from '../policies/ability';
import { abilityToSql } from '../policies/casl-sql';
import { CoveringRow, concerning, rowsConcerning, rowsCovering, rowsCoveringJson } from '../policies/delegation-matrix';
import { RE_RATING_SOURCE, actingForUpperCommittee, upperCommitteeOf } from '../policies/re-rating-authority';
import { DelegationRow } from '../policies/delegation-row';
import type { CycleAbility } from '../policies/request-policy';
import { Viewer } from '../policies/viewer';
import {
  BALLOTS_SOURCE, CeilingFacts, Level, LEVELS, NotRated, Stage, WorkflowStep, atLeast, ceilingOf, checkQuota, raisedQuota, leaderNotRated, missingFacts, notRatedOf, tallyBallots, transition, unmitigated,
  unmetPrerequisites,
} from '../rules';
import type { Ceiling, Finding, RulePack } from '../rules';
import { postRank } from '../rules/post-rank';
import { subjectViewOf } from '../model/kinds';
import { appendAudit } from './audit-log';
import { proposalRound } from './proposal-round';
import { rosterOf } from './voting-roster';
import { rulesAt } from './effective-rules';
import { KEY_REUSED, Missing, Refusal, noSuch, refuse, refuseByRule, refuseWith } from './refusal';
import { RATING_COLUMNS, RatingRow, derivedFacts } from './subject-facts';

/** Who acts, with their ability in the cycle the rating belongs to. */
export type Actor = CycleAbility;

/** A secret ballot: the members convened, the valid votes per level, and the day it was held (today when not given). */
export interface Ballots { convened: number; votes: Partial<Record<Level, number>>; heldOn?: string | null }

export async function loadForUpdate(em: EntityManager, ratingId: string, what: Missing): Promise<RatingRow> {
  const [r] = await em.query(`SELECT ${RATING_COLUMNS('r')} FROM rating r WHERE r.id = $1 AND r.annulled_at IS NULL FOR UPDATE`, [ratingId]);
  if (!r) noSuch(what);
  return r;
}

/**
 * Refuses unless the caller's ability allows the action on the rating's subject (the same SQL
 * condition as the lists). A subject the caller may not even read is answered as a missing id.
 */
export async function requireAbility(em: EntityManager, actor: Actor, action: Action, kind: string, refId: string, what: Missing = 'rating'): Promise<void> {
  const p = new SqlParams();
  const [{ visible, allowed }] = await em.query(`SELECT ${authorityColumns(actor, p, kind, refId, [action])}`, p.values);
  if (!visible) noSuch(what);
  refuseUnlessAllowed(allowed, action);
}

/** The two columns every authority check reads in one statement: may the caller see the subject (`visible`), and take one of the actions (`allowed`). */
function authorityColumns(actor: Actor, p: SqlParams, kind: string, refId: string, actions: Action[]): string {
  return `${actor.allowedOn('read', p, kind, refId)} AS visible, (${actions.map((a) => actor.allowedOn(a, p, kind, refId)).join(' OR ')}) AS allowed`;
}

/** Optimistic concurrency: checked only after the caller's authority, so the version of a rating is never told to an outsider. */
export function expectVersion(r: RatingRow, expected: number | null | undefined): void {
  if (expected != null && expected !== r.version) {
    refuse('STALE_VERSION', `the rating changed since you read it (version ${r.version}, you sent ${expected}); reload and retry`, ['input', 'expectedVersion'], { current: r.version, sent: expected });
  }
}

function refuseUnlessAllowed(allowed: boolean, action: Action): void {
  if (!allowed) refuse('NOT_AUTHORIZED', `you may not ${action} this subject in this cycle (see canI for the rows that would allow it)`, ['input'], { action });
}

/** The stage a step leaves the rating at (rules/stages.ts), or the refusal with its clause. */
export function enter(r: RatingRow, step: WorkflowStep): Stage {
  const t = transition(step, r.stage as Stage);
  if (!t.ok) throw refuseWith('WRONG_STAGE', [t], ['input', 'rating']);
  return t.to;
}

export async function update(em: EntityManager, r: RatingRow, set: Record<string, unknown>, actor: Actor, action: string, extra: { actingFor?: string | null; delegationId?: string | null } = {}): Promise<RatingRow> {
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

const CURRENT_RATING_OF_SUBJECT = `SELECT ${RATING_COLUMNS('r')} FROM rating r WHERE r.cycle_id = $1 AND r.subject_kind = $2 AND r.subject_ref_id = $3 AND r.annulled_at IS NULL`;

/** The powers that let a caller open a rating: reading alone does not (an open rating is a row and an audit event). */
const OPENING_POWERS: Action[] = ['selfAssess', 'propose', 'decide', 'administer'];

async function requireOpeningPower(em: EntityManager, actor: Actor, kind: string, refId: string): Promise<void> {
  const p = new SqlParams();
  const [{ visible, allowed }] = await em.query(`SELECT ${authorityColumns(actor, p, kind, refId, OPENING_POWERS)}`, p.values);
  if (!visible) noSuch('subject');
  if (!allowed) refuse('NOT_AUTHORIZED', `opening a rating needs a power over its subject (${OPENING_POWERS.join(', ')}), not only reading it`, ['input', 'subject'], { needed: OPENING_POWERS.join(', ') });
}

/**
 * The current rating of a subject in the cycle, opened when first needed. Eligibility is settled at
 * opening (DOMAIN §3, §15.5; concurrent posts rated once, 004 §II.7.5–7.7): a subject not rated is NOT_RATED with its reason.
 */
export async function openRating(em: EntityManager, actor: Actor, kind: string, refId: string): Promise<RatingRow> {
  await requireOpeningPower(em, actor, kind, refId);
  const [existing] = await em.query(CURRENT_RATING_OF_SUBJECT, [actor.cycleId, kind, refId]);
  if (existing) return existing;
  const [s] = await em.query(`SELECT code, unit_id::text AS "unitId", unit_path AS "unitPath", person_id::text AS "personId" FROM ${subjectViewOf(kind)} WHERE ref_id = $1`, [refId]);
  if (!s) noSuch('subject');
  const cycle = { referenceDate: actor.referenceDate };
  const pack = await rulesAt(em, actor.cycleId, s.unitPath);
  let notRated: NotRated | null;
  if (kind === 'PARTY_MEMBER') {
    const [m] = await em.query(`SELECT status, admitted_on AS "admittedOn" FROM membership WHERE id = $1`, [refId]);
    notRated = notRatedOf({ kind, membership: m }, cycle.referenceDate, pack);
  } else if (kind === 'LEADER') {
    const posts: { id: string; startsOn: string; depth: number; category: string }[] = await em.query(
      `SELECT po.id::text AS id, po.starts_on AS "startsOn", u.depth, po.category FROM post po JOIN unit u ON u.id = po.unit_id
        WHERE po.person_id = (SELECT person_id FROM post WHERE id = $1) AND po.starts_on <= $2 AND (po.ends_on IS NULL OR po.ends_on >= $2)`,
      [refId, cycle.referenceDate]);
    const days = (p: { startsOn: string }) => Math.round((Date.parse(cycle.referenceDate) - Date.parse(p.startsOn)) / 86400000);
    notRated = leaderNotRated(refId, posts.map((p) => ({ id: p.id, startsOn: p.startsOn, rank: postRank(p.depth, p.category), daysHeld: days(p) })), cycle.referenceDate, pack);
  } else {
    const [u] = await em.query(`SELECT founded_on AS "foundedOn" FROM unit WHERE id = $1`, [s.unitId]);
    notRated = notRatedOf({ kind: kind as 'PARTY_ORGANIZATION', foundedOn: u.foundedOn }, cycle.referenceDate, pack);
  }
  // Two callers opening the same subject at once: the second waits for the first and answers its rating.
  const [created]: RatingRow[] = await em.query(
    `INSERT INTO rating (cycle_id, subject_kind, subject_ref_id, subject_code, unit_id, unit_path, person_id, stage, not_rated_reason, not_rated_source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (cycle_id, subject_kind, subject_ref_id) WHERE annulled_at IS NULL DO NOTHING
     RETURNING ${RATING_COLUMNS('rating')}`,
    [actor.cycleId, kind, refId, s.code, s.unitId, s.unitPath, s.personId, notRated ? 'NOT_RATED' : 'OPEN', notRated?.reason ?? null, notRated?.source ?? null]);
  if (!created) return (await em.query(CURRENT_RATING_OF_SUBJECT, [actor.cycleId, kind, refId]))[0];
  await appendAudit(em, { actorPersonId: actor.viewer.personId, actingForBodyId: null, delegationId: null, action: 'open', entity: 'rating', entityId: created.id, before: null, after: snapshot(created) });
  return created;
}

export interface SelfAssessmentInput {
  criteria: { id: string; grade?: string | null; points?: number | null }[]; targets?: CeilingFacts['targets'] | null; selfLevel: Level; note?: string | null;
  /** An organization's or collective's self-rating is voted by its committee, branch or collective (001 §V items 1–2). */
  ballots?: Ballots | null;
  expectedVersion?: number | null;
}

export async function submitSelfAssessment(em: EntityManager, actor: Actor, r: RatingRow, input: SelfAssessmentInput): Promise<RatingRow> {
  await requireAbility(em, actor, 'selfAssess', r.subjectKind, r.subjectRefId);
  expectVersion(r, input.expectedVersion);
  const stage = enter(r, 'selfAssess');
  const pack = await rulesAt(em, actor.cycleId, r.unitPath);
  const criteria = checkedCriteria(pack, r.subjectKind, input.criteria, true);
  const t = input.targets;
  if (t && (t.done > t.total || t.exceeded > t.done || (t.short ?? 0) > t.done)) {
    refuse('BAD_TARGETS', 'targets: need exceeded ≤ done ≤ total and short ≤ done', ['input', 'targets'], { total: t.total, done: t.done, exceeded: t.exceeded, short: t.short ?? 0 });
  }
  const voted = r.subjectKind === 'PARTY_ORGANIZATION' || r.subjectKind === 'LEADERSHIP_COLLECTIVE';
  if (voted) await checkVote(em, pack, input.ballots, input.selfLevel, await selfVotingBody(em, r), ['input', 'ballots']);
  const facts = { ...r.facts, criteria, ...(t ? { targets: t } : {}) };
  const after = await update(em, r, {
    stage, self_level: input.selfLevel, self_assessed_at: new Date(), facts, self_rating_ballots: voted ? input.ballots ?? null : null,
  }, actor, 'selfAssess');
  // Step 2 of 004 §II.4 follows the self-rating: the consulted bodies are asked now, whether or not anyone verifies or proposes.
  await requestConsultations(em, actor, after);
  return after;
}

/** The review meeting was held (004 §II.7.2: no rating before the review). Where suggestions exist, only once answered and the report approved (004 §I.4.1.1). */
export async function recordReview(em: EntityManager, actor: Actor, r: RatingRow, heldOn: string): Promise<RatingRow> {
  await requireAbility(em, actor, 'selfAssess', r.subjectKind, r.subjectRefId);
  enter(r, 'recordReview');
  const [s] = await em.query(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE answer IS NULL)::int AS open FROM review_suggestion WHERE rating_id = $1 AND issued_at IS NOT NULL`, [r.id]);
  if (s.open > 0) refuseByRule('SUGGESTIONS_UNANSWERED', 'review.suggestions-answered', '004 §I.4.1.2', `${s.open} of ${s.n} review suggestions are not answered (Mẫu 01/02 part IV)`, ['input', 'rating'], { suggestions: s.n, unanswered: s.open });
  if (s.n > 0 && !r.reportApprovedAt) {
    throw refuseWith('REPORT_NOT_APPROVED', [{ rule: 'review.report-approval', source: '004 §I.4.1.1', message: 'where review suggestions exist, the standing body of the directly superior committee must agree to the review report before the review is held', messageVi: 'nơi có gợi ý kiểm điểm, việc chuẩn bị báo cáo kiểm điểm phải được thường trực cấp ủy cấp trên trực tiếp đồng ý mới tiến hành kiểm điểm', figures: { suggestions: s.n } }]);
  }
  const after = await update(em, r, { review_held_on: heldOn }, actor, 'recordReview');
  await requestConsultations(em, actor, after);
  return after;
}

/** Staff verification (thẩm định) with the facts they establish: civil-service level, ballots, discipline… */
export async function verify(em: EntityManager, actor: Actor, r: RatingRow, facts: Partial<CeilingFacts>, note: string | null, expectedVersion?: number | null): Promise<RatingRow> {
  await requireAbility(em, actor, 'verify', r.subjectKind, r.subjectRefId);
  expectVersion(r, expectedVersion);
  const stage = enter(r, 'verify');
  const merged = { ...r.facts, ...facts };
  const after = await update(em, r, { stage, verified_at: new Date(), verification_note: note, facts: merged }, actor, 'verify');
  await requestConsultations(em, actor, after);
  return after;
}

/** The proposal: the branch's or collective's vote, counted by DOMAIN §15.2. */
export async function propose(em: EntityManager, actor: Actor, r: RatingRow, level: Level, ballots: Ballots, expectedVersion?: number | null): Promise<RatingRow> {
  await requireAbility(em, actor, 'propose', r.subjectKind, r.subjectRefId);
  expectVersion(r, expectedVersion);
  const stage = enter(r, 'propose');
  const pack = await rulesAt(em, actor.cycleId, r.unitPath);
  await checkVote(em, pack, ballots, level, await proposingBody(em, actor, r), ['input', 'ballots']);
  if (pack.votes.proposalRoundQuota && (level === 'EXCELLENT' || level === 'GOOD')) await checkProposalRound(em, actor, r, level, pack);
  const after = await update(em, r, { stage, proposed_level: level, proposal_ballots: ballots }, actor, 'propose');
  await requestConsultations(em, actor, after);
  return after;
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The secret ballot of a round: required where the pack says so (001 §V), counted by DOMAIN §15.2,
 * and with no more members convened than the voting body has on the day (invitees have no vote,
 * 000 §11(3) 4.5.2).
 */
async function checkVote(em: EntityManager, pack: RulePack, ballots: Ballots | null | undefined, level: Level, votingBodyId: string | null, field: string[]): Promise<void> {
  if (!ballots) {
    if (pack.votes.secretBallot) {
      refuseByRule('BALLOTS_REQUIRED', 'ballots.secret-ballot', pack.votes.source, 'the level is voted by secret ballot: send the ballot counts (members convened and the votes per level)', field);
    }
    return;
  }
  checkBallots(ballots, level, field);
  if (!votingBodyId) return;
  const date = ballots.heldOn ?? today();
  const roster = await rosterOf(em, votingBodyId, date);
  if (roster.members === 0) {
    refuseByRule('VOTERS_UNKNOWN', 'ballots.voting-members', BALLOTS_SOURCE, `the members of ${roster.body} who vote on ${date} are not recorded (import its seats): the members convened cannot be checked`, field, { body: roster.body, date });
  }
  if (ballots.convened > roster.members) {
    refuseByRule('CONVENED_OVER_MEMBERS', 'ballots.convened-members', `${BALLOTS_SOURCE}; 000 §11(3) 4.5.2`,
      `${ballots.convened} members convened, but ${roster.body} has ${roster.members} who vote on ${date} (invitees have no vote)`, [...field, 'convened'],
      { convened: ballots.convened, members: roster.members, body: roster.body, counted: roster.counted, date });
  }
}

const ORGANIZATION_OF_BRANCH = new PreparedStatement(`SELECT id::text AS id FROM body WHERE unit_id = $1 AND kind = 'PARTY_ORGANIZATION' ORDER BY id LIMIT 1`);
const BODY_OF_COLLECTIVE = new PreparedStatement(`SELECT body_id::text AS id FROM collective WHERE id = $1`);

/** Who votes an organization's or collective's self-rating: the organization itself (its committee or branch), or the collective's body. */
async function selfVotingBody(em: EntityManager, r: RatingRow): Promise<string | null> {
  if (r.subjectKind === 'PARTY_ORGANIZATION') return r.subjectRefId;
  const [row] = await BODY_OF_COLLECTIVE.run<{ id: string }>(em, [r.subjectRefId]);
  return row?.id ?? null;
}

/** Who votes a proposal: a member's branch (004 §II.4.3), otherwise the body of the proposing row the caller acts for. */
async function proposingBody(em: EntityManager, actor: Actor, r: RatingRow): Promise<string | null> {
  if (r.subjectKind === 'PARTY_MEMBER') return (await ORGANIZATION_OF_BRANCH.run<{ id: string }>(em, [r.unitId]))[0]?.id ?? null;
  return rowsActedThrough(actor, await rowsCovering(em, actor.cycleId, r.subjectKind, r.subjectRefId), 'PROPOSE')[0]?.delegateBodyId ?? null;
}

/** The quota at the proposal round (DOMAIN §15.1 as amended): the place's proposals, this one counted, with the small-group rule at that place. */
async function checkProposalRound(em: EntityManager, actor: Actor, r: RatingRow, level: Level, pack: RulePack): Promise<void> {
  const round = await proposalRound(em, r, actor.referenceDate, pack.eligibility.minMonths);
  if (!round) return;
  const q = checkQuota(pack.quota, round.eligible, { ...round.proposed, [level]: round.proposed[level] + 1 });
  if (q.ok) return;
  throw refuseWith('QUOTA_EXCEEDED', q.findings.map((f) => ({
    ...f, rule: 'quota.proposal-round', source: `${pack.votes.proposalSource}; ${f.source}`,
    message: `at the proposal round of ${round.place}: ${f.message}`, figures: { ...f.figures, place: round.place },
  })), ['input', 'level']);
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
    refuseByRule('BALLOTS_MISMATCH', 'ballots.result', BALLOTS_SOURCE, `the ballots give ${tally.level}, not ${level} (more than 50% of the ${ballots.convened} convened, counted from the top)`, field, { ...tally.figures, result: tally.level, asked: level });
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

type CriterionEntry = { id: string; grade?: string | null; points?: number | null };

/**
 * Criteria graded (or scored) against the subject's template in the pack: every id known, a grade or
 * points in range for each graded item, none for an item the form records without a grade; with
 * `complete`, every graded item that applies to the subject (DOMAIN §15.6: nothing passes by omission).
 */
function checkedCriteria(pack: RulePack, kind: string, criteria: CriterionEntry[], complete: boolean, field = ['input', 'criteria']): CriterionEntry[] {
  const template = pack.templates[kind as keyof typeof pack.templates];
  const known = new Set(template.criteria.map((c) => c.id));
  const unknown = criteria.filter((c) => !known.has(c.id)).map((c) => c.id);
  if (unknown.length) refuseByRule('UNKNOWN_CRITERION', 'template.criteria', template.source, `criteria not in ${template.form}: ${unknown.join(', ')}`, field, { unknown: unknown.join(', '), form: template.form });
  const ungraded = template.criteria.filter((t) => t.graded === false && criteria.some((c) => c.id === t.id && (c.grade != null || c.points != null))).map((t) => t.id);
  if (ungraded.length) refuseByRule('BAD_GRADE', 'template.ungraded', template.source, `${template.form} records ${ungraded.join(', ')} without a grade`, field, { ungraded: ungraded.join(', ') });
  if (complete) {
    const missing = template.criteria.filter((t) => t.graded !== false && (!t.leadersOnly || kind === 'LEADER') && !criteria.some((c) => c.id === t.id)).map((t) => t.id);
    if (missing.length) {
      refuseByRule('SELF_ASSESSMENT_INCOMPLETE', 'template.complete', `${template.source}; DOMAIN §15.6`, `${template.form} is incomplete: ${missing.join(', ')} not graded`, field, { missing: missing.join(', '), form: template.form });
    }
  }
  const points = pack.scoring.model === 'POINTS';
  for (const c of criteria.filter((x) => template.criteria.find((t) => t.id === x.id)?.graded !== false)) {
    const max = template.criteria.find((x) => x.id === c.id)?.maxPoints ?? 0;
    if (points && (c.points == null || c.points < 0 || c.points > max)) refuseByRule('BAD_POINTS', 'template.points', template.source, `criterion ${c.id}: points from 0 to ${max}`, [...field, c.id], { points: c.points ?? null, max });
    if (!points && !c.grade) refuseByRule('GRADE_REQUIRED', 'template.grade', template.source, `criterion ${c.id}: a grade is required by ${template.form}`, [...field, c.id]);
  }
  return criteria.filter((x) => template.criteria.find((t) => t.id === x.id)?.graded !== false)
    .map((c) => (points ? { id: c.id, points: c.points } : { id: c.id, grade: c.grade }));
}

/** A consulted body's opinion: a level, its reasons, and — where it analysed them — a grade (or points) for each criterion (004 §II.4.1 step 2). */
export async function giveOpinion(em: EntityManager, actor: Actor, consultationId: string, level: Level, opinion: string, criteria: CriterionEntry[] | null = null): Promise<RatingRow> {
  const [c] = await em.query(`SELECT rating_id::text AS "ratingId", body_id::text AS "bodyId", opinion_level AS "opinionLevel" FROM consultation WHERE id = $1 FOR UPDATE`, [consultationId]);
  if (!c) noSuch('consultation');
  const r = await loadForUpdate(em, c.ratingId, 'consultation');
  await requireAbility(em, actor, 'consult', r.subjectKind, r.subjectRefId, 'consultation');
  if (!actsFor(actor.viewer, c.bodyId)) refuse('NOT_AUTHORIZED', 'only a member of the consulted body may give its opinion', ['input', 'consultation']);
  enter(r, 'giveOpinion');
  const graded = criteria?.length ? checkedCriteria(await rulesAt(em, actor.cycleId, r.unitPath), r.subjectKind, criteria, false) : null;
  await em.query(`UPDATE consultation SET opinion_level = $2, opinion = $3, given_by = $4, given_at = now(), criteria = $5 WHERE id = $1`,
    [consultationId, level, opinion, actor.viewer.personId, graded ? JSON.stringify(graded) : null]);
  await appendAudit(em, { actorPersonId: actor.viewer.personId, actingForBodyId: c.bodyId, delegationId: null, action: 'giveOpinion', entity: 'consultation', entityId: consultationId, before: { level: c.opinionLevel }, after: { level, opinion, criteria: graded } });
  return r;
}

/**
 * The caller's ability to decide the subject and the matrix rows covering it, in one statement;
 * refuses like requireAbility when the ability does not allow it.
 */
async function decidingRows(em: EntityManager, actor: Actor, r: RatingRow): Promise<CoveringRow[]> {
  const p = new SqlParams();
  const [row] = await em.query(
    `SELECT ${authorityColumns(actor, p, r.subjectKind, r.subjectRefId, ['decide'])},
            ${rowsCoveringJson(p, actor.cycleId, r.subjectKind, r.subjectRefId)} AS rows`, p.values);
  if (!row.visible) noSuch('rating');
  refuseUnlessAllowed(row.allowed, 'decide');
  return row.rows;
}

/** The body (and delegation row) the caller decides for: the covering row in force whose delegate they act for. */
/** The covering rows in force with a power that the actor acts through: those whose delegate (and office) they act for. */
const rowsActedThrough = (actor: Actor, covering: CoveringRow[], power: CoveringRow['power']) =>
  covering.filter((x) => x.power === power && !x.superseded && actsFor(actor.viewer, x.delegateBodyId, x.delegateOffice));

function actingBody(actor: Actor, covering: CoveringRow[]) {
  const rows = rowsActedThrough(actor, covering, 'DECIDE');
  if (rows.length === 0) refuse('NOT_AUTHORIZED', 'no row of the matrix in force lets you decide this subject', ['input', 'rating']);
  const row = rows[0];
  return { bodyId: row.delegateBodyId, office: row.delegateOffice ?? '', delegationId: row.id, row };
}

export interface DecisionInput {
  level: Level; ballots?: Ballots | null; overrideReason?: string | null; decisionRef?: string | null;
  deviations?: { consultation: string; reason: string }[] | null; idempotencyKey?: string | null; expectedVersion?: number | null;
}

const KEY_HELD_ELSEWHERE = new PreparedStatement(`SELECT 1 FROM rating WHERE idempotency_key = $1 AND id <> $2`);

/** An idempotency key belongs to the caller who sent it: another caller's equal key is another key. */
const ownKey = (actor: Actor, key: string | null | undefined) => (key ? `${actor.viewer.personId}:${key}` : null);

/**
 * The decision by the competent authority: ability, stage, verification, review, consultations,
 * order, ballots, ceiling (or a recorded override) and the quota — all in one transaction, with the
 * quota scope locked so that concurrent deciders can never together exceed it (DOMAIN §15.1).
 */
export async function decide(em: EntityManager, actor: Actor, r: RatingRow, input: DecisionInput): Promise<RatingRow> {
  const covering = await decidingRows(em, actor, r);
  const key = ownKey(actor, input.idempotencyKey);
  // A retry of a decision already taken (even while the first was still running: it waited for the row) answers the first result.
  if (key && r.idempotencyKey === key) return r;
  if (key && (await KEY_HELD_ELSEWHERE.run(em, [key, r.id])).length) throw new Refusal([KEY_REUSED]);
  expectVersion(r, input.expectedVersion);
  const stage = enter(r, 'decide');
  const authority = actingBody(actor, covering);
  if (authority.row.compilerBodyId && !r.verifiedAt) {
    refuseByRule('VERIFICATION_MISSING', 'verification.before-decision', '004 §II.4.1 step 2', 'the compiling staff must verify before the decision', ['input', 'rating']);
  }
  if (!r.reviewHeldOn) refuseByRule('REVIEW_NOT_HELD', 'review.before-rating', '004 §II.7.2', 'a subject is rated only after its review is held', ['input', 'rating']);
  await checkConsultations(em, r, input);
  const pack = await rulesAt(em, actor.cycleId, r.unitPath);
  const { facts, prerequisites } = await derivedFacts(em, r, pack);
  const unmet = unmetPrerequisites(prerequisites);
  if (unmet.length) refuseWith('ORDER_PREREQUISITE', unmet, ['input', 'rating']);
  if (r.subjectKind === 'PARTY_MEMBER' && pack.votes.memberProposalFirst && !r.proposedLevel && !(await decidesOwnBranch(em, authority.bodyId, r.unitId))) {
    refuseByRule('PROPOSAL_MISSING', 'votes.member-proposal-first', pack.votes.proposalSource,
      'the branch votes its proposal for a member before a higher body decides (a branch that decides its own members votes once)', ['input', 'rating']);
  }
  await checkVote(em, pack, input.ballots, input.level, authority.bodyId, ['input', 'ballots']);
  const ceiling = ceilingFor(facts, pack, input.level, input.overrideReason);

  const scope = quotaScopeOf(actor, r.subjectKind, authority, await peerGroupOf(em, pack, r.subjectKind, r.subjectRefId));
  await lockQuotaScope(em, scope);
  const quota = await quotaWith(em, scope, pack, r.id, { [input.level]: 1 });
  // Only a GOOD or EXCELLENT decision can break the quota; the figures are kept with every decision for the audit.
  if (!quota.ok && (input.level === 'EXCELLENT' || input.level === 'GOOD')) refuseWith('QUOTA_EXCEEDED', quota.findings, ['input', 'level']);
  return update(em, r, {
    stage, decided_level: input.level, decision_ballots: input.ballots ?? null, decided_at: new Date(), decided_by: actor.viewer.personId,
    authority_body_id: authority.bodyId, authority_office: authority.office, delegation_id: authority.delegationId, decision_ref: input.decisionRef ?? null,
    override_reason: input.overrideReason ?? null, ceiling: ceiling.ceiling, findings: ceiling.findings, idempotency_key: key,
    quota_at_decision: quota.figures, peer_group: scope.peerGroup,
  }, actor, 'decide', { actingFor: authority.bodyId, delegationId: authority.delegationId });
}

/**
 * The ceiling a result must keep to. A fact it depends on that is not recorded is refused, with the
 * fact and who records it; a level above it needs an override's reason, and under 366 may pass only
 * triggers that were mitigated (Art. 11).
 */
function ceilingFor(facts: CeilingFacts, pack: RulePack, level: Level, overrideReason: string | null | undefined): Ceiling {
  const missing = missingFacts(facts, level, pack);
  if (missing.length) throw refuseWith('FACT_MISSING', missing, ['input', 'level']);
  const ceiling = ceilingOf(facts, pack);
  const above = findingsAbove(ceiling, level);
  if (above && !overrideReason) throw refuseWith('CEILING_EXCEEDED', above, ['input', 'level']);
  const fixed = above ? unmitigated(above, pack) : [];
  if (fixed.length) throw refuseWith('OVERRIDE_NOT_ALLOWED', fixed, ['input', 'overrideReason']);
  return ceiling;
}

/** A branch deciding its own members (chi bộ cơ sở, 004 §II.4.3 step 3): its party-organization body at the member's branch unit. */
async function decidesOwnBranch(em: EntityManager, bodyId: string, branchUnitId: string): Promise<boolean> {
  return (await ORGANIZATION_OF_BRANCH.run<{ id: string }>(em, [branchUnitId]))[0]?.id === bodyId;
}

const CONSULTATIONS_OF_RATING = new PreparedStatement(
  `SELECT c.id::text AS id, b.code AS body, c.source, c.opinion_level AS "opinionLevel" FROM consultation c JOIN body b ON b.id = c.body_id WHERE c.rating_id = $1 ORDER BY c.id`);

/**
 * Each consultation of the rating needs an opinion, or the decider records why the decision goes
 * ahead without it or against it (a deviation with its reason, kept with the consultation).
 */
async function checkConsultations(em: EntityManager, r: RatingRow, input: DecisionInput): Promise<void> {
  const consultations = await CONSULTATIONS_OF_RATING.run<{ id: string; body: string; source: string; opinionLevel: Level | null }>(em, [r.id]);
  const deviation = (c: { id: string }) => input.deviations?.find((x) => x.consultation === c.id && x.reason.trim());
  const missing = consultations.filter((c) => !c.opinionLevel && !deviation(c));
  if (missing.length) {
    throw refuseWith('CONSULTATION_MISSING', missing.map((c) => ({
      rule: 'consultation.required', source: c.source,
      message: `the opinion of ${c.body} is required before the decision (or a deviation saying why the decision goes ahead without it)`,
      messageVi: `phải lấy ý kiến ${c.body} trước khi quyết định`, figures: { body: c.body, consultation: c.id },
    })), ['input', 'rating']);
  }
  for (const c of consultations) {
    if (c.opinionLevel === input.level) continue;
    const d = deviation(c);
    if (!d) refuseByRule('DEVIATION_REASON_MISSING', 'consultation.deviation-reason', c.source, `${c.body} gave ${c.opinionLevel}; deciding ${input.level} needs a reason`, ['input', 'deviations'], { body: c.body, opinion: c.opinionLevel, decided: input.level });
    await em.query(`UPDATE consultation SET deviation_reason = $2 WHERE id = $1`, [c.id, d.reason]);
  }
}

const ADVISORY_LOCK = new PreparedStatement(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`);

/** One lock per quota scope (authority, cycle, subject kind, peer group) until the transaction ends: decisions in the scope queue here. */
function lockQuotaScope(em: EntityManager, scope: QuotaScope): Promise<unknown> {
  return ADVISORY_LOCK.run(em, [`quota:${scope.cycleId}:${scope.kind}:${scope.authority.bodyId}:${scope.authority.office}:${scope.peerGroup ?? ''}`]);
}

const POST_CATEGORY = new PreparedStatement(`SELECT category FROM post WHERE id = $1`);

/**
 * The peer group a subject's quota counts in (366-QĐ/TW Art. 11: same position, role, function and
 * tasks): where the pack groups by position, a leader's is the category of the post; otherwise the
 * whole kind the authority decides (null).
 */
export async function peerGroupOf(em: EntityManager, pack: RulePack, kind: string, refId: string): Promise<string | null> {
  if (pack.quota.peerGroup !== 'POSITION' || kind !== 'LEADER') return null;
  const [row] = await POST_CATEGORY.run<{ category: string }>(em, [refId]);
  return row?.category ?? null;
}

/** Marks the eligible count as a lower bound ("≥ 6") when it was counted only up to the small-group threshold. */
function withLowerBound(q: ReturnType<typeof checkQuota>, atLeast: boolean): ReturnType<typeof checkQuota> {
  if (!atLeast) return q;
  const eligible = `≥ ${q.figures.eligible}`;
  return { ...q, figures: { ...q.figures, eligibleAtLeast: true } as typeof q.figures, findings: q.findings.map((f) => ({ ...f, figures: { ...f.figures, eligible } })) };
}

/**
 * A scope's quota as it would stand with `adding` counted over its decided levels (the rating being
 * decided left out). The number eligible matters only for the small-group rule: it is counted up to
 * one past its threshold, and the figures say so.
 */
async function quotaWith(em: EntityManager, scope: QuotaScope, pack: RulePack, exceptRatingId: string, adding: Partial<Record<Level, number>>) {
  const counted = await quotaOfAuthority(em, scope, { exceptRatingId, minMonths: pack.eligibility.minMonths, countUpTo: pack.quota.smallGroupThreshold + 1 });
  const levels = Object.fromEntries(LEVELS.map((l) => [l, counted.decided[l] + (adding[l] ?? 0)])) as Record<Level, number>;
  return withLowerBound(checkQuota(raisedQuota(pack.quota, counted.raisedBy), counted.eligible, levels), counted.atLeast);
}

/** The findings that hold `level` above the ceiling; null when the level is within it. */
function findingsAbove(ceiling: Ceiling, level: Level): Finding[] | null {
  return atLeast(ceiling.ceiling, level) ? null : ceiling.findings.filter((f) => f.caps && !atLeast(f.caps, level));
}

/** One quota scope (DOMAIN §15.1): an authority (body and office), a cycle, a kind of subject and, under 366, a peer group. */
export interface QuotaScope {
  cycleId: string; referenceDate: string; kind: string; authority: { bodyId: string; office: string }; peerGroup: string | null;
  /** The matrix rows concerning the authority's body, when already read (a decider's own rows); read otherwise. */
  rows?: DelegationRow[];
}

/** The quota scope of a decision by the actor: the actor acts for the authority's body, so their rows include its rows. */
function quotaScopeOf(actor: Actor, kind: string, authority: { bodyId: string; office: string }, peerGroup: string | null): QuotaScope {
  return { cycleId: actor.cycleId, referenceDate: actor.referenceDate, kind, authority, peerGroup, rows: concerning(actor.rows, authority.bodyId) };
}

/**
 * Eligible subjects and decided levels of one quota scope, leaving out one rating (the one being
 * decided), and the decision that raised the scope's quota if any, in one statement. With
 * `countUpTo`, eligible subjects are counted only up to that number.
 */
export async function quotaOfAuthority(em: EntityManager, q: QuotaScope, opts: { exceptRatingId?: string; minMonths: number; countUpTo?: number }) {
  const p = new SqlParams();
  const eligible = eligibleSql(q, p, await authorityAbility(em, q), opts.minMonths, opts.countUpTo);
  const [cycle, kind, body, office, group] = [p.add(q.cycleId), p.add(q.kind), p.add(q.authority.bodyId), p.add(q.authority.office), p.add(q.peerGroup)];
  const [row] = await em.query(
    `SELECT count(*) FILTER (WHERE decided_level = 'EXCELLENT')::int AS "EXCELLENT", count(*) FILTER (WHERE decided_level = 'GOOD')::int AS "GOOD",
            count(*) FILTER (WHERE decided_level = 'COMPLETE')::int AS "COMPLETE", count(*) FILTER (WHERE decided_level = 'NOT_COMPLETE')::int AS "NOT_COMPLETE",
            (${eligible}) AS eligible,
            (SELECT decision_ref FROM quota_raise WHERE cycle_id = ${cycle} AND authority_body_id = ${body} AND authority_office = ${office}
                AND subject_kind = ${kind} AND peer_group IS NOT DISTINCT FROM ${group}::text) AS "raisedBy"
       FROM rating WHERE cycle_id = ${cycle} AND subject_kind = ${kind} AND authority_body_id = ${body}
        AND authority_office = ${office} AND peer_group IS NOT DISTINCT FROM ${group}::text
        AND annulled_at IS NULL AND decided_level IS NOT NULL AND id <> ${p.add(opts.exceptRatingId ?? '0')}`,
    p.values);
  const decided = Object.fromEntries(LEVELS.map((l) => [l, row[l]])) as Record<Level, number>;
  return { eligible: row.eligible as number, decided, atLeast: opts.countUpTo !== undefined && row.eligible >= opts.countUpTo, raisedBy: row.raisedBy as string | null };
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
      WHERE ${cond} ${q.peerGroup !== null ? `AND a.category = ${p.add(q.peerGroup)}` : ''}
        AND NOT EXISTS (SELECT 1 FROM rating x WHERE x.cycle_id = ${p.add(q.cycleId)} AND x.subject_kind = a.kind AND x.subject_ref_id = a.ref_id
                          AND x.annulled_at IS NULL AND x.stage = 'NOT_RATED')
        ${q.kind === 'PARTY_MEMBER'
    // A scalar subquery per subject: looked up by primary key, where EXISTS would be hashed over every member.
    ? `AND (SELECT m.status IN ('OFFICIAL', 'PROBATIONARY') AND m.admitted_on + make_interval(months => ${p.add(months)}::int) <= ${p.add(q.referenceDate)}::date
              FROM membership m WHERE m.id = a.ref_id)`
    : ''}
      ${countUpTo !== undefined ? `LIMIT ${p.add(countUpTo)}` : ''}) counted`;
}

/** One planned decision and what the rules would say of it; `ratingId` is null and `subject` empty for a rating the caller may not see (the answer for an id that does not exist). */
export interface SimulatedDecision { ratingId: string | null; subject: string; level: Level; allowed: boolean; findings: Finding[] }

/**
 * The decision screen's what-if (#18): planned decisions checked in order against what is recorded —
 * the order prerequisites, the ceiling, and the quota of each scope starting from the levels decided
 * there, each planned decision counted for the ones after it. Reads only; the caller must be able to
 * decide each rating (else it is reported as refused by authority).
 */
export async function simulateDecisions(em: EntityManager, actor: Actor, plan: { ratingId: string; level: Level }[]): Promise<SimulatedDecision[]> {
  const planned = new Map<string, Record<Level, number>>();
  const out: SimulatedDecision[] = [];
  for (const item of plan) {
    const [r]: RatingRow[] = await em.query(`SELECT ${RATING_COLUMNS('r')} FROM rating r WHERE r.id = $1 AND r.annulled_at IS NULL AND r.cycle_id = $2`, [item.ratingId, actor.cycleId]);
    const refused = (message: string): SimulatedDecision => ({ ratingId: null, subject: '', level: item.level, allowed: false,
      findings: [{ rule: 'authority.decide', source: 'DOMAIN §10', message, messageVi: 'không có thẩm quyền quyết định', figures: {} }] });
    if (!r) { out.push(refused('no such rating in this cycle, or not one you may see')); continue; }
    const p = new SqlParams();
    const [row] = await em.query(`SELECT ${authorityColumns(actor, p, r.subjectKind, r.subjectRefId, ['decide'])}, ${rowsCoveringJson(p, actor.cycleId, r.subjectKind, r.subjectRefId)} AS rows`, p.values);
    const deciding = rowsActedThrough(actor, row.rows, 'DECIDE');
    if (!row.visible) { out.push(refused('no such rating in this cycle, or not one you may see')); continue; }
    if (!row.allowed || deciding.length === 0) { out.push({ ...refused('you may not decide this subject'), ratingId: r.id, subject: r.subjectCode }); continue; }
    const authority = { bodyId: deciding[0].delegateBodyId, office: deciding[0].delegateOffice ?? '' };
    const pack = await rulesAt(em, actor.cycleId, r.unitPath);
    const { facts, prerequisites } = await derivedFacts(em, r, pack);
    const findings: Finding[] = [...unmetPrerequisites(prerequisites), ...missingFacts(facts, item.level, pack)];
    findings.push(...(findingsAbove(ceilingOf(facts, pack), item.level) ?? []));
    const scope = quotaScopeOf(actor, r.subjectKind, authority, await peerGroupOf(em, pack, r.subjectKind, r.subjectRefId));
    const key = `${r.subjectKind}:${authority.bodyId}:${authority.office}:${scope.peerGroup ?? ''}`;
    const before = planned.get(key) ?? { EXCELLENT: 0, GOOD: 0, COMPLETE: 0, NOT_COMPLETE: 0 };
    const quota = await quotaWith(em, scope, pack, r.id, { ...before, [item.level]: before[item.level] + 1 });
    if (!quota.ok && (item.level === 'EXCELLENT' || item.level === 'GOOD')) findings.push(...quota.findings);
    planned.set(key, { ...before, [item.level]: before[item.level] + 1 });
    out.push({ ratingId: r.id, subject: r.subjectCode, level: item.level, allowed: findings.length === 0, findings });
  }
  return out;
}

export async function publish(em: EntityManager, actor: Actor, r: RatingRow): Promise<RatingRow> {
  const covering = await decidingRows(em, actor, r);
  const stage = enter(r, 'publish');
  const body = actingBody(actor, covering);
  return update(em, r, { stage, published_at: new Date() }, actor, 'publish', { actingFor: body.bodyId, delegationId: body.delegationId });
}

/** A new result replacing a decided one: a re-rating (Mẫu 03) or a complaint's new level. */
export interface NewResultInput {
  level: Level; reason: string; decisionRef?: string | null; facts?: Partial<CeilingFacts> | null;
  ballots?: Ballots | null; overrideReason?: string | null; expectedVersion?: number | null;
}

/**
 * Re-rating (004 §II.7.8): the directly superior committee — its standing committee between
 * sessions — annuls a result and records a new one with its reason and decision reference (Mẫu 03).
 */
export async function reRate(em: EntityManager, actor: Actor, r: RatingRow, input: NewResultInput): Promise<RatingRow> {
  await requireAbility(em, actor, 'read', r.subjectKind, r.subjectRefId);
  const upper = await upperCommitteeOf(em, r.unitPath, r.unitId);
  if (!upper) {
    return refuseByRule('NO_UPPER_COMMITTEE', 're-rating.upper-committee', RE_RATING_SOURCE,
      'no party committee above this subject is recorded: its re-rating belongs to the central bodies, outside this system', ['input', 'rating']);
  }
  const body = actingForUpperCommittee(actor.viewer, upper);
  if (!body) {
    return refuse('NOT_AUTHORIZED', `a re-rating is decided by the directly superior committee (${upper.executiveCode}) or its standing committee (${RE_RATING_SOURCE})`,
      ['input', 'rating'], { upperCommittee: upper.executiveCode });
  }
  expectVersion(r, input.expectedVersion);
  return replaceResult(em, actor, r, input, { bodyId: body, delegationId: null });
}

/**
 * Annuls a decided result and records the new one as a decision like any other (DOMAIN §12): the
 * order, the ballots when given, the ceiling (or an override with its reason) and the quota of the
 * scope the subject was decided in. A raise that breaks the quota is refused; a lowering never is,
 * and where it leaves the scope over its limit the scope is flagged (DOMAIN §15.1). The new result
 * stays in the quota scope of the authority that decided in the cycle; `rerated_by_body_id` says who
 * replaced it. The re-rating's reason stands for every earlier opinion it departs from.
 */
async function replaceResult(em: EntityManager, actor: Actor, r: RatingRow, input: NewResultInput, by: { bodyId: string; delegationId: string | null }): Promise<RatingRow> {
  const stage = enter(r, 'reRate');
  if (!input.reason.trim()) refuseByRule('REASON_REQUIRED', 're-rating.reason', RE_RATING_SOURCE, 'a new result needs the reason the old one is annulled', ['input', 'reason']);
  if (!r.authorityBodyId) return refuse('WRONG_STAGE', 'only a decided result can be replaced', ['input', 'rating']);
  const recorded = { ...r.facts, ...(input.facts ?? {}) };
  const pack = await rulesAt(em, actor.cycleId, r.unitPath);
  const { facts, prerequisites } = await derivedFacts(em, { ...r, facts: recorded }, pack);
  const unmet = unmetPrerequisites(prerequisites);
  if (unmet.length) refuseWith('ORDER_PREREQUISITE', unmet, ['input', 'rating']);
  await checkVote(em, pack, input.ballots, input.level, by.bodyId, ['input', 'ballots']);
  const ceiling = ceilingFor(facts, pack, input.level, input.overrideReason);
  const authority = { bodyId: r.authorityBodyId, office: r.authorityOffice ?? '' };
  // The new result stays in the scope the subject was counted in.
  const scope: QuotaScope = { cycleId: actor.cycleId, referenceDate: actor.referenceDate, kind: r.subjectKind, authority, peerGroup: r.peerGroup };
  await lockQuotaScope(em, scope);
  const quota = await quotaWith(em, scope, pack, r.id, { [input.level]: 1 });
  const lowering = r.decidedLevel !== null && !atLeast(input.level, r.decidedLevel);
  if (!quota.ok && !lowering) refuseWith('QUOTA_EXCEEDED', quota.findings, ['input', 'level']);

  await em.query(`UPDATE rating SET annulled_at = now(), annul_reason = $2, idempotency_key = NULL, updated_at = now() WHERE id = $1`, [r.id, input.reason]);
  const [created]: RatingRow[] = await em.query(
    `INSERT INTO rating (cycle_id, subject_kind, subject_ref_id, subject_code, unit_id, unit_path, person_id, stage, facts, self_level, self_rating_ballots, review_held_on,
                         report_approved_at, verified_at, proposed_level, proposal_ballots, ceiling, findings, decided_level, decision_ballots, decided_at,
                         decided_by, authority_body_id, authority_office, delegation_id, decision_ref, override_reason, quota_at_decision, published_at,
                         replaces_id, rerated_by_body_id, peer_group)
     SELECT cycle_id, subject_kind, subject_ref_id, subject_code, unit_id, unit_path, person_id, $2, $3, self_level, self_rating_ballots, review_held_on,
            report_approved_at, verified_at, proposed_level, proposal_ballots, $4, $5, $6, $7, now(),
            $8, authority_body_id, authority_office, delegation_id, $9, $10, $11, now(),
            id, $12, peer_group
       FROM rating WHERE id = $1
     RETURNING ${RATING_COLUMNS('rating')}`,
    [r.id, stage, JSON.stringify(recorded), ceiling.ceiling, JSON.stringify(ceiling.findings), input.level, input.ballots ? JSON.stringify(input.ballots) : null,
      actor.viewer.personId, input.decisionRef ?? null, input.overrideReason ?? null, JSON.stringify(quota.figures), by.bodyId]);
  await appendAudit(em, {
    actorPersonId: actor.viewer.personId, actingForBodyId: by.bodyId, delegationId: by.delegationId, action: 'reRate', entity: 'rating', entityId: created.id,
    before: { ...snapshot(r), annulled: r.id, reason: input.reason }, after: { ...snapshot(created), overrideReason: input.overrideReason ?? null },
  });
  await flagDependents(em, created, input.level);
  if (!quota.ok) await flagScope(em, created, quota.figures);
  return created;
}

/** A lowering left the scope with more EXCELLENT than its limit: its EXCELLENT results are flagged for the authority to look at again. */
async function flagScope(em: EntityManager, r: RatingRow, figures: { good: number; excellent: number; maxExcellent: number }): Promise<void> {
  await em.query(
    `UPDATE rating SET flagged_reason = $5 WHERE cycle_id = $1 AND subject_kind = $2 AND authority_body_id = $3 AND authority_office = $4
        AND peer_group IS NOT DISTINCT FROM $6::text AND annulled_at IS NULL AND decided_level = 'EXCELLENT'`,
    [r.cycleId, r.subjectKind, r.authorityBodyId, r.authorityOffice ?? '',
      `the re-rating of ${r.subjectCode} left the scope with ${figures.excellent} EXCELLENT for at most ${figures.maxExcellent} (GOOD pool ${figures.good}; DOMAIN §15.1)`, r.peerGroup]);
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
  enter(r, 'fileComplaint');
  const [c]: { id: string }[] = await em.query(
    `INSERT INTO complaint (rating_id, filed_by, text, assigned_body_id) VALUES ($1, $2, $3, $4) RETURNING id::text AS id`, [r.id, actor.viewer.personId, text, r.authorityBodyId]);
  await appendAudit(em, { actorPersonId: actor.viewer.personId, actingForBodyId: null, delegationId: null, action: 'fileComplaint', entity: 'complaint', entityId: c.id, before: null, after: { ratingId: r.id, text, assignedBodyId: r.authorityBodyId } });
  return r;
}

/** Resolves a complaint, with or without a change of level: a new level is a decision by the body that decided, through the same checks. */
export async function resolveComplaint(em: EntityManager, actor: Actor, complaintId: string, resolution: string, change: Omit<NewResultInput, 'reason'> | null): Promise<RatingRow> {
  const [c] = await em.query(`SELECT rating_id::text AS "ratingId", status FROM complaint WHERE id = $1 FOR UPDATE`, [complaintId]);
  if (!c) noSuch('complaint');
  const r = await loadForUpdate(em, c.ratingId, 'complaint');
  const covering = await decidingRows(em, actor, r);
  enter(r, 'resolveComplaint');
  if (c.status !== 'OPEN') refuseByRule('WRONG_STAGE', 'complaint.open', '004 §II.7.8', `the complaint is already ${c.status}`, ['input', 'complaint'], { status: c.status });
  const changed = change !== null && change.level !== r.decidedLevel;
  let result = r;
  if (changed) {
    const body = actingBody(actor, covering);
    result = await replaceResult(em, actor, r, { ...change, reason: `complaint ${complaintId}: ${resolution}` }, { bodyId: body.bodyId, delegationId: body.delegationId });
  }
  await em.query(`UPDATE complaint SET status = $2, resolution = $3, resolved_by = $4, resolved_at = now(), new_rating_id = $5 WHERE id = $1`,
    [complaintId, changed ? 'RESOLVED_CHANGED' : 'RESOLVED_UNCHANGED', resolution, actor.viewer.personId, changed ? result.id : null]);
  await appendAudit(em, { actorPersonId: actor.viewer.personId, actingForBodyId: null, delegationId: null, action: 'resolveComplaint', entity: 'complaint', entityId: complaintId, before: { status: c.status }, after: { status: changed ? 'RESOLVED_CHANGED' : 'RESOLVED_UNCHANGED', resolution } });
  return result;
}
