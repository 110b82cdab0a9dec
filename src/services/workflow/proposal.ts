/** Verification by the compiling staff, the proposal by vote, and the opinions of consulted bodies. */
import { EntityManager } from 'typeorm';
import { actsFor } from '../../policies/ability';
import { CoveringRow } from '../../policies/delegation-matrix';
import { CeilingFacts, Level } from '../../rules';
import { rulesAt } from '../effective-rules';
import { noSuch, refuse } from '../refusal';
import { RatingRow } from '../subject-facts';
import { Actor, Ballots, enter, expectVersion, loadForUpdate, recordOpinion, requireAbility, requireAbilityCovering, update } from './core';
import { checkedCriteria, CriterionEntry } from './self-assessment';
import { askTransferOpinion } from './transfer-opinion';
import { checkProposalRound, checkVote, proposingBody } from './votes';

/** Staff verification (thẩm định) with the facts they establish: civil-service level, ballots, discipline… */
export async function verify(
  em: EntityManager,
  actor: Actor,
  r: RatingRow,
  facts: Partial<CeilingFacts>,
  note: string | null,
  expectedVersion?: number | null,
): Promise<RatingRow> {
  const covering = await requireAbilityCovering(em, actor, 'verify', r);
  expectVersion(r, expectedVersion);
  const stage = enter(r, 'verify');
  // The manager's comment is a dossier item: who recorded it is kept with it.
  const merged = {
    ...r.facts,
    ...facts,
    ...(facts.managerComment ? { managerComment: { ...facts.managerComment, recordedBy: actor.viewer.personId } } : {}),
  };
  const after = await update(em, r, { stage, verified_at: new Date(), verification_note: note, facts: merged }, actor, 'verify');
  await requestConsultations(em, covering, after);
  return after;
}

/** The proposal: the branch's or collective's vote, counted by DOMAIN §15.2. */
export async function propose(
  em: EntityManager,
  actor: Actor,
  r: RatingRow,
  level: Level,
  ballots: Ballots,
  expectedVersion?: number | null,
): Promise<RatingRow> {
  const covering = await requireAbilityCovering(em, actor, 'propose', r);
  expectVersion(r, expectedVersion);
  const stage = enter(r, 'propose');
  const pack = await rulesAt(em, actor.cycleId, r.unitPath);
  await checkVote(em, pack, ballots, level, await proposingBody(em, actor, r, covering), ['input', 'ballots']);
  if (pack.votes.proposalRoundQuota && (level === 'EXCELLENT' || level === 'GOOD')) await checkProposalRound(em, actor, r, level, pack);
  const after = await update(em, r, { stage, proposed_level: level, proposal_ballots: ballots }, actor, 'propose');
  await requestConsultations(em, covering, after);
  return after;
}

/**
 * Opens the consultations that the row in force requires before the decision (003 §II.5.2), and the transferring committee's (7.11);
 * `covering`: the matrix rows covering the subject, read with the step's authority check (requireAbilityCovering).
 */
export async function requestConsultations(em: EntityManager, covering: CoveringRow[], r: RatingRow): Promise<void> {
  await askTransferOpinion(em, r);
  const rows = covering.filter((x) => x.power === 'DECIDE' && !x.superseded);
  for (const row of rows) {
    for (const body of row.consultBodyIds) {
      await em.query(
        `INSERT INTO consultation (rating_id, body_id, source) VALUES ($1, $2, $3) ON CONFLICT (rating_id, body_id) DO NOTHING`,
        [r.id, body, row.source],
      );
    }
  }
}

/** A consulted body's opinion: a level, its reasons, and — where it analysed them — a grade (or points) for each criterion (004 §II.4.1 step 2). */
export async function giveOpinion(
  em: EntityManager,
  actor: Actor,
  consultationId: string,
  level: Level,
  opinion: string,
  criteria: CriterionEntry[] | null = null,
): Promise<RatingRow> {
  const [c] = await em.query<{ ratingId: string; bodyId: string; opinionLevel: Level | null; purpose: string }[]>(
    `SELECT rating_id::text AS "ratingId", body_id::text AS "bodyId", opinion_level AS "opinionLevel", purpose FROM consultation WHERE id = $1 FOR UPDATE`,
    [consultationId],
  );
  if (!c) noSuch('consultation');
  const r = await loadForUpdate(em, c.ratingId, 'consultation');
  // A re-verification was opened by the workflow for the committee above (366-QĐ/TW Art. 12), not by a row's consult list.
  await requireAbility(em, actor, c.purpose === 'REVERIFICATION' ? 'read' : 'consult', r.subjectKind, r.subjectRefId, 'consultation');
  if (!actsFor(actor.viewer, c.bodyId))
    refuse('NOT_AUTHORIZED', 'only a member of the consulted body may give its opinion', ['input', 'consultation']);
  enter(r, 'giveOpinion');
  const graded = criteria?.length ? checkedCriteria(await rulesAt(em, actor.cycleId, r.unitPath), r.subjectKind, criteria, false) : null;
  await recordOpinion(em, { id: consultationId, bodyId: c.bodyId, before: c.opinionLevel }, actor.viewer.personId, level, opinion, graded);
  return r;
}
