/** The decision by the competent authority, its what-if, and publication. */
import { EntityManager } from 'typeorm';
import { PreparedStatement, Read, withReadAhead } from '../../db/prepared-statement';
import { CoveringRow } from '../../policies/delegation-matrix';
import type { AuthorityAsked } from '../../policies/request-policy';
import { atLeast, CeilingFacts, ceilingOf, Level, missingFacts, unmetPrerequisites, unmitigated, votesBetweenPlaces } from '../../rules';
import type { Ceiling, Finding, RulePack } from '../../rules';
import { rulesAt } from '../effective-rules';
import { otherPlaceVotesRead, votesAtPlaces } from '../place-votes';
import { KEY_REUSED, Refusal, refuse, refuseByRule, refuseWith } from '../refusal';
import { derivedFacts, memberFactsRead, RATING_COLUMNS, RatingRow } from '../subject-facts';
import { rosterRead } from '../voting-roster';
import { Actor, authorityOver, Ballots, enter, expectVersion, requireAbilityCovering, rowsActedThrough, update } from './core';
import { lockQuotaScope, peerGroupOf, QuotaScope, quotaCountRead, quotaLockRead, quotaScopeOf, quotaWith } from './quota-scope';
import { needsReverification } from './reverification';
import { askTransferOpinion } from './transfer-opinion';
import { ballotDay, checkVote, ORGANIZATION_OF_BRANCH } from './votes';

/** What deciding (and publishing) asks of the caller's authority: read with the rating's lock where it can be (lockWithAuthority). */
export const DECIDING: AuthorityAsked = { actions: ['decide'], covering: true };

/** The matrix rows covering the subject, once the caller's ability allows deciding it (refused like requireAbility otherwise). */
export const decidingRows = (em: EntityManager, actor: Actor, r: RatingRow): Promise<CoveringRow[]> =>
  requireAbilityCovering(em, actor, 'decide', r);

/** The body (and delegation row) the caller decides for: the covering row in force whose delegate they act for. */
export function actingBody(actor: Actor, covering: CoveringRow[]) {
  const rows = rowsActedThrough(actor, covering, 'DECIDE');
  if (rows.length === 0) refuse('NOT_AUTHORIZED', 'no row of the matrix in force lets you decide this subject', ['input', 'rating']);
  const row = rows[0];
  return { bodyId: row.delegateBodyId, office: row.delegateOffice ?? '', delegationId: row.id, row };
}

export interface DecisionInput {
  level: Level;
  ballots?: Ballots | null;
  overrideReason?: string | null;
  decisionRef?: string | null;
  deviations?: { consultation: string; reason: string }[] | null;
  idempotencyKey?: string | null;
  expectedVersion?: number | null;
  /** The reference of the re-verification by a committee above that is outside this system (366-QĐ/TW Art. 12). */
  reverificationRef?: string | null;
  /** What the competent level considered where the places voted different levels (004 §II.7.3). */
  differingVotesReason?: string | null;
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
    refuseByRule(
      'VERIFICATION_MISSING',
      'verification.before-decision',
      '004 §II.4.1 step 2',
      'the compiling staff must verify before the decision',
      ['input', 'rating'],
    );
  }
  if (!r.reviewHeldOn)
    refuseByRule('REVIEW_NOT_HELD', 'review.before-rating', '004 §II.7.2', 'a subject is rated only after its review is held', [
      'input',
      'rating',
    ]);
  const pack = await rulesAt(em, actor.cycleId, r.unitPath);
  // A transfer recorded since the proposal still asks the committee it came from, before any decision.
  await askTransferOpinion(em, r);
  // A member not proposed: decided by the branch itself (its vote is the place's), or refused where the pack asks a proposal first.
  const unproposed = r.subjectKind === 'PARTY_MEMBER' && !r.proposedLevel && (pack.votes.memberProposalFirst || Boolean(input.ballots));
  const scope = quotaScopeOf(actor, r.subjectKind, authority, await peerGroupOf(em, pack, r.subjectKind, r.subjectRefId));
  const roster = input.ballots ? await rosterRead(em, authority.bodyId, ballotDay(input.ballots)) : null;
  const reads = decisionReads(r, unproposed, roster, scope);
  // The quota's count goes in the same round trip, after the reads' statement: it sees what the scope's lock waited for.
  const counted = await quotaCountRead(em, scope, pack, r.id);
  const { ceiling, differing, quota } = await withReadAhead(
    em,
    reads,
    async () => {
      await checkConsultations(em, r, input, pack);
      const derived = await derivedFacts(em, r, pack);
      const unmet = unmetPrerequisites(derived.prerequisites);
      if (unmet.length) refuseWith('ORDER_PREREQUISITE', unmet, ['input', 'rating']);
      const ownBranch = unproposed && (await decidesOwnBranch(em, authority.bodyId, r.unitId));
      if (unproposed && pack.votes.memberProposalFirst && !ownBranch) {
        refuseByRule(
          'PROPOSAL_MISSING',
          'votes.member-proposal-first',
          pack.votes.proposalSource,
          'the branch votes its proposal for a member before a higher body decides (a branch that decides its own members votes once)',
          ['input', 'rating'],
        );
      }
      await checkVote(em, pack, input.ballots, input.level, authority.bodyId, ['input', 'ballots']);
      // Taken with the reads ahead (decisionReads): answered here without a statement.
      await lockQuotaScope(em, scope);
      return {
        ceiling: ceilingFor(derived.facts, pack, input.level, input.overrideReason),
        differing: votesBetweenPlaces(
          await votesAtPlaces(em, r, ownBranch && input.ballots ? input.level : null),
          input.differingVotesReason ?? null,
        ),
        quota: await quotaWith(em, scope, pack, r.id, { [input.level]: 1 }, counted),
      };
    },
    counted,
  );
  if (differing.length && !input.differingVotesReason?.trim()) refuseWith('VOTES_DIFFER', differing, ['input', 'differingVotesReason']);

  // Only a GOOD or EXCELLENT decision can break the quota; the figures are kept with every decision for the audit.
  if (!quota.ok && (input.level === 'EXCELLENT' || input.level === 'GOOD'))
    refuseWith('QUOTA_EXCEEDED', quota.findings, ['input', 'level']);
  return update(
    em,
    r,
    {
      stage,
      decided_level: input.level,
      decision_ballots: input.ballots ?? null,
      decided_at: new Date(),
      decided_by: actor.viewer.personId,
      authority_body_id: authority.bodyId,
      authority_office: authority.office,
      delegation_id: authority.delegationId,
      decision_ref: input.decisionRef ?? null,
      override_reason: input.overrideReason ?? null,
      ceiling: ceiling.ceiling,
      findings: [...ceiling.findings, ...differing],
      idempotency_key: key,
      ...(input.reverificationRef?.trim() ? { facts: { ...r.facts, reverificationRef: input.reverificationRef } } : {}),
      quota_at_decision: quota.figures,
      peer_group: scope.peerGroup,
    },
    actor,
    'decide',
    { actingFor: authority.bodyId, delegationId: authority.delegationId },
  );
}

/**
 * The ceiling a result must keep to. A fact it depends on that is not recorded is refused, with the
 * fact and who records it; a level above it needs an override's reason, and under 366 may pass only
 * triggers that were mitigated (Art. 11).
 */
export function ceilingFor(facts: CeilingFacts, pack: RulePack, level: Level, overrideReason: string | null | undefined): Ceiling {
  const missing = missingFacts(facts, level, pack);
  if (missing.length) throw refuseWith('FACT_MISSING', missing, ['input', 'level']);
  const ceiling = ceilingOf(facts, pack);
  const above = findingsAbove(ceiling, level);
  if (above && !overrideReason) throw refuseWith('CEILING_EXCEEDED', above, ['input', 'level']);
  const fixed = above ? unmitigated(above, pack) : [];
  if (fixed.length) throw refuseWith('OVERRIDE_NOT_ALLOWED', fixed, ['input', 'overrideReason']);
  return ceiling;
}

/**
 * What a decision reads before its quota, in one round trip (withReadAhead): the consultations, a member's facts,
 * whether the deciding body is the member's own branch, the ballot's roster and the other places' votes — and the quota
 * scope's lock. The checks between them write only a consultation's deviation reason, which none of them reads.
 */
function decisionReads(r: RatingRow, unproposed: boolean, roster: Read | null, scope: QuotaScope): Read[] {
  const reads: (Read | null)[] = [
    [CONSULTATIONS_OF_RATING, [r.id]],
    r.subjectKind === 'PARTY_MEMBER' ? memberFactsRead(r) : null,
    unproposed ? [ORGANIZATION_OF_BRANCH, [r.unitId]] : null,
    roster,
    otherPlaceVotesRead(r),
    // The quota's lock, in the same round trip: the reads above see the rows as they were before its wait (none is what the
    // quota counts), and the count, a statement of its own after it, sees what the lock waited for.
    quotaLockRead(scope),
  ];
  return reads.filter((x): x is Read => x !== null);
}

/** A branch deciding its own members (chi bộ cơ sở, 004 §II.4.3 step 3): its party-organization body at the member's branch unit. */
async function decidesOwnBranch(em: EntityManager, bodyId: string, branchUnitId: string): Promise<boolean> {
  return (await ORGANIZATION_OF_BRANCH.run<{ id: string }>(em, [branchUnitId]))[0]?.id === bodyId;
}

const CONSULTATIONS_OF_RATING = new PreparedStatement(
  `SELECT c.id::text AS id, b.code AS body, c.source, c.opinion_level AS "opinionLevel", c.purpose
     FROM consultation c JOIN body b ON b.id = c.body_id WHERE c.rating_id = $1 ORDER BY c.id`,
);

interface ConsultationState {
  id: string;
  body: string;
  source: string;
  opinionLevel: Level | null;
  purpose: 'OPINION' | 'REVERIFICATION' | 'TRANSFER';
}

/**
 * Each consultation of the rating needs an opinion, or the decider records why the decision goes
 * ahead without it or against it (a deviation with its reason, kept with the consultation). A
 * re-verification (366-QĐ/TW Art. 12) has no way around it: only a reason to decide otherwise.
 */
async function checkConsultations(em: EntityManager, r: RatingRow, input: DecisionInput, pack: RulePack): Promise<void> {
  const consultations = await CONSULTATIONS_OF_RATING.run<ConsultationState>(em, [r.id]);
  checkReverification(r, pack, consultations, input.reverificationRef ?? null);
  const deviation = (c: { id: string }) => input.deviations?.find((x) => x.consultation === c.id && x.reason.trim());
  const missing = consultations.filter((c) => c.purpose !== 'REVERIFICATION' && !c.opinionLevel && !deviation(c));
  if (missing.length) {
    throw refuseWith(
      'CONSULTATION_MISSING',
      missing.map((c) => ({
        rule: 'consultation.required',
        source: c.source,
        message: `the opinion of ${c.body} is required before the decision (or a deviation saying why the decision goes ahead without it)`,
        messageVi: `phải lấy ý kiến ${c.body} trước khi quyết định`,
        figures: { body: c.body, consultation: c.id },
      })),
      ['input', 'rating'],
    );
  }
  for (const c of consultations) {
    if (c.opinionLevel === input.level) continue;
    const d = deviation(c);
    if (!d)
      refuseByRule(
        'DEVIATION_REASON_MISSING',
        'consultation.deviation-reason',
        c.source,
        `${c.body} gave ${c.opinionLevel}; deciding ${input.level} needs a reason`,
        ['input', 'deviations'],
        { body: c.body, opinion: c.opinionLevel, decided: input.level },
      );
    await em.query(`UPDATE consultation SET deviation_reason = $2 WHERE id = $1`, [c.id, d.reason]);
  }
}

/** The re-verification a recorded concern calls for: answered by the committee above, or — where that committee is outside this system — its reference given. */
function checkReverification(r: RatingRow, pack: RulePack, consultations: ConsultationState[], reference: string | null): void {
  if (!needsReverification(r, pack)) return;
  const source = pack.process.reverificationSource;
  const asked = consultations.filter((c) => c.purpose === 'REVERIFICATION');
  const open = asked.filter((c) => !c.opinionLevel);
  if (open.length) {
    throw refuseWith(
      'REVERIFICATION_MISSING',
      open.map((c) => ({
        rule: 'process.reverification',
        source,
        figures: { body: c.body, consultation: c.id, concerns: r.facts.concerns?.length ?? 0 },
        message: `complaints or signs of disunity were recorded: ${c.body} re-verifies before the decision`,
        messageVi: `có đơn thư hoặc dấu hiệu mất đoàn kết: ${c.body} thẩm định lại trước khi quyết định`,
      })),
      ['input', 'rating'],
    );
  }
  if (asked.length === 0 && !reference?.trim()) {
    refuseByRule(
      'REVERIFICATION_MISSING',
      'process.reverification',
      source,
      'complaints or signs of disunity were recorded and the committee that re-verifies is outside this system: give the reference of its re-verification (reverificationRef)',
      ['input', 'reverificationRef'],
      { concerns: r.facts.concerns?.length ?? 0 },
    );
  }
}

/** The findings that hold `level` above the ceiling; null when the level is within it. */
function findingsAbove(ceiling: Ceiling, level: Level): Finding[] | null {
  return atLeast(ceiling.ceiling, level) ? null : ceiling.findings.filter((f) => f.caps && !atLeast(f.caps, level));
}

/** One planned decision and what the rules would say of it; `ratingId` is null and `subject` empty for a rating the caller may not see (the answer for an id that does not exist). */
export interface SimulatedDecision {
  ratingId: string | null;
  subject: string;
  level: Level;
  allowed: boolean;
  findings: Finding[];
}

/**
 * The decision screen's what-if (#18): planned decisions checked in order against what is recorded —
 * the order prerequisites, the ceiling, and the quota of each scope starting from the levels decided
 * there, each planned decision counted for the ones after it. Reads only; the caller must be able to
 * decide each rating (else it is reported as refused by authority).
 */
export async function simulateDecisions(
  em: EntityManager,
  actor: Actor,
  plan: { ratingId: string; level: Level }[],
): Promise<SimulatedDecision[]> {
  const planned = new Map<string, Record<Level, number>>();
  const out: SimulatedDecision[] = [];
  for (const item of plan) {
    const [r]: RatingRow[] = await em.query(
      `SELECT ${RATING_COLUMNS('r')} FROM rating r WHERE r.id = $1 AND r.annulled_at IS NULL AND r.cycle_id = $2`,
      [item.ratingId, actor.cycleId],
    );
    const refused = (message: string): SimulatedDecision => ({
      ratingId: null,
      subject: '',
      level: item.level,
      allowed: false,
      findings: [{ rule: 'authority.decide', source: 'DOMAIN §10', message, messageVi: 'không có thẩm quyền quyết định', figures: {} }],
    });
    if (!r) {
      out.push(refused('no such rating in this cycle, or not one you may see'));
      continue;
    }
    const { visible, allowed, covering } = await authorityOver(em, actor, r.subjectKind, r.subjectRefId, ['decide'], { covering: true });
    if (!visible) {
      out.push(refused('no such rating in this cycle, or not one you may see'));
      continue;
    }
    const deciding = rowsActedThrough(actor, covering, 'DECIDE');
    if (!allowed || deciding.length === 0) {
      out.push({ ...refused('you may not decide this subject'), ratingId: r.id, subject: r.subjectCode });
      continue;
    }
    const authority = { bodyId: deciding[0].delegateBodyId, office: deciding[0].delegateOffice ?? '' };
    const pack = await rulesAt(em, actor.cycleId, r.unitPath);
    const { facts, prerequisites } = await derivedFacts(em, r, pack);
    const findings: Finding[] = [...unmetPrerequisites(prerequisites), ...missingFacts(facts, item.level, pack)];
    findings.push(...(findingsAbove(ceilingOf(facts, pack), item.level) ?? []));
    findings.push(...votesBetweenPlaces(await votesAtPlaces(em, r, null), null));
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
