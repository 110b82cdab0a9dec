/** What every workflow step shares: the caller, loading a rating under lock, the authority check, the version, the stage, and the update with its audit event. */
import { EntityManager } from 'typeorm';
import { lockCurrentRating } from '../../data/ratings';
import { PreparedStatement, runShaped, runTogether, shaped } from '../../db/prepared-statement';
import { SqlParams } from '../../db/sql-params';
import { actsFor, SubjectAbility } from '../../policies/ability';
import { KeptWith } from '../../policies/kept-with';
import { Action } from '../../policies/actions';
import { CoveringRow, coveringKeyOf, rowsCoveringAlike } from '../../policies/delegation-matrix';
import type { Authority, AuthorityAsked, CycleAbility } from '../../policies/request-policy';
import { Level, Stage, transition, WorkflowStep } from '../../rules';
import { appendAudit, LOCK_HEAD, LockedHead } from '../audit-log';
import { Missing, noSuch, refuse, refuseWith } from '../refusal';
import { RATING_COLUMNS, RatingRow } from '../subject-facts';
import { isSubjectKind, SubjectKind, subjectViewOf } from '../../model/kinds';

/** Who acts, with their ability in the cycle the rating belongs to. */
export type Actor = CycleAbility;

/** A secret ballot: the members convened, the valid votes per level, and the day it was held (today when not given). */
export interface Ballots {
  convened: number;
  votes: Partial<Record<Level, number>>;
  heldOn?: string | null;
}

/** The current rating, locked for the step about to change it, with its cycle's code; a missing `what` otherwise. */
export async function loadForUpdate(em: EntityManager, ratingId: string, what: Missing): Promise<RatingRow & { cycleCode: string }> {
  const r = await lockCurrentRating(em, ratingId);
  if (!r) noSuch(what);
  return r;
}

/**
 * Refuses unless the caller's ability allows the action on the rating's subject (the same SQL
 * condition as the lists). A subject the caller may not even read is answered as a missing id.
 */
export async function requireAbility(
  em: EntityManager,
  actor: Actor,
  action: Action,
  kind: string,
  refId: string,
  what: Missing = 'rating',
): Promise<void> {
  const { visible, allowed } = await authorityOver(em, actor, kind, refId, [action]);
  visibleOrMissing(actor, kind, refId, visible, what);
  refuseUnlessAllowed(allowed, action);
}

/** `requireAbility` on a rating's subject, and the matrix rows covering it (rowsCovering), read in the same statement. */
export async function requireAbilityCovering(em: EntityManager, actor: Actor, action: Action, r: RatingRow): Promise<CoveringRow[]> {
  const { visible, allowed, covering } = await authorityOver(em, actor, r.subjectKind, r.subjectRefId, [action], { covering: true });
  visibleOrMissing(actor, r.subjectKind, r.subjectRefId, visible, 'rating');
  refuseUnlessAllowed(allowed, action);
  return covering;
}

/**
 * Refuses unless the caller may take one of `actions` on the subject (`refusal` says why they may not); a
 * subject the caller may not even read is answered as a missing `what`.
 */
export async function requireOneOf(
  em: EntityManager,
  actor: Actor,
  kind: string,
  refId: string,
  actions: Action[],
  what: Missing,
  refusal: string,
  field: string[],
): Promise<void> {
  const { visible, allowed } = await authorityOver(em, actor, kind, refId, actions);
  visibleOrMissing(actor, kind, refId, visible, what);
  if (!allowed) refuse('NOT_AUTHORIZED', refusal, field, { needed: actions.join(', ') });
}

/** Those who run a rating — its compiling staff, proposers and deciders — record what they received about it. */
const RECORDING_POWERS: Action[] = ['verify', 'propose', 'decide'];

/** Refuses unless the caller runs the rating; `record` names what they would record. */
export const requireRecorder = (em: EntityManager, actor: Actor, r: RatingRow, record: string) =>
  requireOneOf(
    em,
    actor,
    r.subjectKind,
    r.subjectRefId,
    RECORDING_POWERS,
    'rating',
    `${record} is recorded by those who ${RECORDING_POWERS.join(', ')} this subject`,
    ['input', 'rating'],
  );

/** A subject the caller may not read is answered as a missing `what`; one they may is remembered for the step (workflow-step.ts). */
function visibleOrMissing(actor: Actor, kind: string, refId: string, visible: boolean, what: Missing): void {
  if (!visible) noSuch(what);
  actor.sawReadable(kind, refId);
}

/**
 * May the caller see the subject, and take one of `actions` on it: the same SQL conditions as the lists, in one statement.
 * Looked up by the subject's key, its plan does not depend on the caller's unit paths: prepared, one text per shape of ability.
 */
export async function authorityOver(
  em: EntityManager,
  actor: Actor,
  kind: string,
  refId: string,
  actions: Action[],
  { covering = false }: { covering?: boolean } = {},
): Promise<Authority> {
  // Read with the rating's lock (lockWithAuthority) when the step guessed its cycle and kind.
  const kept = actor.takeAnswer(kind, refId, { actions, covering });
  if (kept) return kept;
  const p = new SqlParams();
  const [{ authority }] = await runShaped<{ authority: AuthorityRead | null }>(
    em,
    `SELECT ${authoritySql(p, actor, kind, p.add(refId), { actions, covering })} AS authority`,
    p.values,
  );
  return withCovering(em, actor, kind, refId, authority ?? NO_SUBJECT);
}

/** `Authority` as its statement reads it: what the covering rows depend on (`coveringKeyOf`) in place of the rows. */
type AuthorityRead = Omit<Authority, 'covering'> & { coveringKey: object | null };

/** What a subject the caller cannot read, or that does not exist, answers. */
const NO_SUBJECT: AuthorityRead = { visible: false, allowed: false, coveringKey: null };

/**
 * SQL: the answers of `authorityOver` on the subject of a kind whose key is the SQL expression `ref`, as one JSON object;
 * null where the caller reads no such subject (NO_SUBJECT). The subject's row is looked up once for all three: as three
 * lookups (an EXISTS for each answer), a step's lock set up and ran the subject's view and its row-level security three
 * times (docs/performance.md, session 71). `IS TRUE`: a condition that is NULL on the row does not hold, as in an EXISTS.
 */
function authoritySql(p: SqlParams, actor: Actor, kind: string, ref: string, asked: AuthorityAsked): string {
  const visible = actor.where('read', p, 'a');
  const allowed = asked.actions.map((action) => `(${actor.where(action, p, 'a')})`).join(' OR ');
  return `(SELECT json_build_object('visible', (${visible}) IS TRUE, 'allowed', (${allowed}) IS TRUE,
      'coveringKey', ${asked.covering ? coveringKeyOf('a') : 'NULL::json'}) FROM ${subjectViewOf(kind)} a WHERE a.ref_id = ${ref} OFFSET 0)`;
}

/** The authority read, with the rows covering the subject where they were asked (kept for subjects alike: rowsCoveringAlike). */
async function withCovering(em: EntityManager, actor: Actor, kind: string, refId: string, read: AuthorityRead): Promise<Authority> {
  const { coveringKey, ...answers } = read;
  return { ...answers, covering: await rowsCoveringAlike(em, actor.cycleId, kind, refId, coveringKey) };
}

/** The cycle and kind of subject of each caller's last step on this replica: the guess their next step's lock starts from. */
const lastSteps = new Map<string, { cycleCode: string; kind: SubjectKind }>();
const MOST_CALLERS_KEPT = 10_000;

function rememberStep(personId: string, r: RatingRow & { cycleCode: string }): void {
  if (!isSubjectKind(r.subjectKind)) return;
  lastSteps.delete(personId);
  if (lastSteps.size >= MOST_CALLERS_KEPT) lastSteps.delete(lastSteps.keys().next().value as string);
  lastSteps.set(personId, { cycleCode: r.cycleCode, kind: r.subjectKind });
}

/**
 * The lock's statement that answers the step's question on the rating's subject when it is of the cycle and kind
 * guessed; its values after the rating's ($1). Written once per ability (kept across requests while its matrix rows
 * are, policies/ability.ts), kind and question: a decider's conditions were written again, and the statement's text
 * looked up again, at every step.
 */
function lockAnswering(actor: Actor, kind: SubjectKind, asked: AuthorityAsked): { statement: PreparedStatement; values: unknown[] } {
  return lockStatements.get(actor.ability, `${actor.cycleId}\u0000${kind}\u0000${asked.actions.join(',')}\u0000${asked.covering}`, () => {
    const p = new SqlParams();
    const id = p.add(null);
    const authority = `CASE WHEN x.cycle_id = ${p.add(actor.cycleId)} AND x.subject_kind = '${kind}'
      THEN ${authoritySql(p, actor, kind, 'x.subject_ref_id', asked)} END AS authority`;
    const statement = shaped(
      `SELECT ${RATING_COLUMNS('x')}, c.code AS "cycleCode", ${authority} FROM rating x JOIN cycle c ON c.id = x.cycle_id
        WHERE x.id = ${id} AND x.annulled_at IS NULL FOR UPDATE OF x`,
    );
    return { statement, values: p.values.slice(1) };
  });
}

const lockStatements = new KeptWith<SubjectAbility, string, { statement: PreparedStatement; values: unknown[] }>();

/**
 * The current rating locked for a step, and the caller's ability in its cycle. Where the step says what it will ask of
 * the caller's authority and the caller's last step was in a cycle and on a kind of subject, the lock's statement answers
 * that question too, on the rating's subject, when the rating is of that cycle and kind: one round trip, not two. The
 * answer is kept for the step's own check (authorityOver), which refuses exactly as it would have.
 */
export async function lockWithAuthority(
  em: EntityManager,
  ratingId: string,
  what: Missing,
  personId: string,
  abilityIn: (cycleCode: string) => Promise<Actor>,
  asked?: AuthorityAsked,
): Promise<{ r: RatingRow & { cycleCode: string }; actor: Actor }> {
  const guess = asked && lastSteps.get(personId);
  const guessed = guess ? await abilityIn(guess.cycleCode).catch(() => null) : null;
  let r: (RatingRow & { cycleCode: string; authority?: AuthorityRead | null }) | null;
  if (guess && guessed && asked) {
    const { statement, values } = lockAnswering(guessed, guess.kind, asked);
    [r] = await statement.run<RatingRow & { cycleCode: string; authority: AuthorityRead | null }>(em, [ratingId, ...values]);
  } else r = await lockCurrentRating(em, ratingId);
  if (!r) noSuch(what);
  const { authority, ...row } = r;
  const actor = guessed && row.cycleCode === guessed.cycleCode ? guessed : await abilityIn(row.cycleCode);
  actor.forgetSeen();
  if (authority && asked)
    actor.keepAnswer(row.subjectKind, row.subjectRefId, asked, await withCovering(em, actor, row.subjectKind, row.subjectRefId, authority));
  rememberStep(personId, row);
  return { r: row, actor };
}

/** Optimistic concurrency: checked only after the caller's authority, so the version of a rating is never told to an outsider. */
export function expectVersion(r: RatingRow, expected: number | null | undefined): void {
  if (expected != null && expected !== r.version) {
    refuse(
      'STALE_VERSION',
      `the rating changed since you read it (version ${r.version}, you sent ${expected}); reload and retry`,
      ['input', 'expectedVersion'],
      { current: r.version, sent: expected },
    );
  }
}

export function refuseUnlessAllowed(allowed: boolean, action: Action): void {
  if (!allowed)
    refuse('NOT_AUTHORIZED', `you may not ${action} this subject in this cycle (see canI for the rows that would allow it)`, ['input'], {
      action,
    });
}

/** The stage a step leaves the rating at (rules/stages.ts), or the refusal with its clause. */
export function enter(r: RatingRow, step: WorkflowStep): Stage {
  const t = transition(step, r.stage as Stage);
  if (!t.ok) throw refuseWith('WRONG_STAGE', [t], ['input', 'rating']);
  return t.to;
}

export async function update(
  em: EntityManager,
  r: RatingRow,
  set: Record<string, unknown>,
  actor: Actor,
  action: string,
  extra: { actingFor?: string | null; delegationId?: string | null } = {},
): Promise<RatingRow> {
  const p = new SqlParams();
  const assignments = Object.entries(set).map(
    ([col, v]) => `${col} = ${p.add(v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v)}`,
  );
  // One text per step's set of columns: a prepared statement, not parsed and planned at every step. The audit trail's
  // head is locked in the same round trip, after the change (and the tally rows its triggers lock), as every writer does.
  const [[after], [head]] = await runTogether<RatingRow, LockedHead>(
    em,
    [
      shaped(
        `UPDATE rating r SET ${assignments.join(', ')}, version = version + 1, updated_at = now() WHERE r.id = ${p.add(r.id)} RETURNING ${RATING_COLUMNS('r')}`,
      ),
      p.values,
    ],
    [LOCK_HEAD, []],
  );
  const entry = {
    actorPersonId: actor.viewer.personId,
    actingForBodyId: extra.actingFor ?? null,
    delegationId: extra.delegationId ?? null,
    action,
    entity: 'rating',
    entityId: r.id,
    before: snapshot(r),
    after: snapshot(after),
  };
  await appendAudit(em, entry, undefined, head);
  return after;
}

export const snapshot = (r: RatingRow) => ({
  stage: r.stage,
  selfLevel: r.selfLevel,
  proposedLevel: r.proposedLevel,
  decidedLevel: r.decidedLevel,
  facts: r.facts,
  authorityBodyId: r.authorityBodyId,
  version: r.version,
  notRatedReason: r.notRatedReason,
});

/** The covering rows in force with a power that the actor acts through: those whose delegate (and office) they act for. */
export const rowsActedThrough = (actor: Actor, covering: CoveringRow[], power: CoveringRow['power']) =>
  covering.filter((x) => x.power === power && !x.superseded && actsFor(actor.viewer, x.delegateBodyId, x.delegateOffice));

/** An opinion written on its consultation and on the audit trail, as the person acting for the consulted body. */
export async function recordOpinion(
  em: EntityManager,
  c: { id: string; bodyId: string; before: Level | null },
  personId: string,
  level: Level,
  opinion: string,
  graded: unknown[] | null = null,
): Promise<void> {
  await em.query(`UPDATE consultation SET opinion_level = $2, opinion = $3, given_by = $4, given_at = now(), criteria = $5 WHERE id = $1`, [
    c.id,
    level,
    opinion,
    personId,
    graded ? JSON.stringify(graded) : null,
  ]);
  await appendAudit(em, {
    actorPersonId: personId,
    actingForBodyId: c.bodyId,
    delegationId: null,
    action: 'giveOpinion',
    entity: 'consultation',
    entityId: c.id,
    before: { level: c.before },
    after: { level, opinion, criteria: graded },
  });
}
