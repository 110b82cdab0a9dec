/** After the decision: re-rating by the superior committee, complaints, and the flags they raise. */
import { EntityManager } from 'typeorm';
import { actingForUpperCommittee, RE_RATING_SOURCE, upperCommitteeOf } from '../../policies/re-rating-authority';
import { atLeast, CeilingFacts, Level, LEVELS, unmetPrerequisites } from '../../rules';
import { appendAudit } from '../audit-log';
import { rulesAt } from '../effective-rules';
import { noSuch, refuse, refuseByRule, refuseWith } from '../refusal';
import { derivedFacts, RATING_COLUMNS, RatingRow } from '../subject-facts';
import { Actor, Ballots, enter, expectVersion, loadForUpdate, requireAbility, snapshot } from './core';
import { actingBody, ceilingFor, decidingRows } from './decision';
import { continuedIn, lockQuotaScope, QuotaScope, quotaWith } from './quota-scope';
import { checkVote } from './votes';

/** A new result replacing a decided one: a re-rating (Mẫu 03) or a complaint's new level. */
export interface NewResultInput {
  level: Level;
  reason: string;
  decisionRef?: string | null;
  facts?: Partial<CeilingFacts> | null;
  ballots?: Ballots | null;
  overrideReason?: string | null;
  expectedVersion?: number | null;
}

/**
 * Re-rating (004 §II.7.8): the directly superior committee — its standing committee between
 * sessions — annuls a result and records a new one with its reason and decision reference (Mẫu 03).
 */
export async function reRate(em: EntityManager, actor: Actor, r: RatingRow, input: NewResultInput): Promise<RatingRow> {
  await requireAbility(em, actor, 'read', r.subjectKind, r.subjectRefId);
  const upper = await upperCommitteeOf(em, r.unitPath, r.unitId);
  if (!upper) {
    return refuseByRule(
      'NO_UPPER_COMMITTEE',
      're-rating.upper-committee',
      RE_RATING_SOURCE,
      'no party committee above this subject is recorded: its re-rating belongs to the central bodies, outside this system',
      ['input', 'rating'],
    );
  }
  const body = actingForUpperCommittee(actor.viewer, upper);
  if (!body) {
    return refuse(
      'NOT_AUTHORIZED',
      `a re-rating is decided by the directly superior committee (${upper.executiveCode}) or its standing committee (${RE_RATING_SOURCE})`,
      ['input', 'rating'],
      { upperCommittee: upper.executiveCode },
    );
  }
  expectVersion(r, input.expectedVersion);
  return replaceResult(em, actor, r, input, { bodyId: body, delegationId: null });
}

/**
 * Annuls a decided result and records the new one as a decision like any other (DOMAIN §12): the
 * order, the ballots when given, the ceiling (or an override with its reason) and the quota of the
 * scope the subject was decided in. A raise that breaks the quota is refused; a lowering never is,
 * and where it leaves the scope over its limit the scope is flagged (DOMAIN §15.1). The new result
 * stays in the quota scope of the authority that decided in the cycle (its successor's, where a merger
 * joined that scope into another); `rerated_by_body_id` says who replaced it. The re-rating's reason stands for every earlier opinion it departs from.
 */
async function replaceResult(
  em: EntityManager,
  actor: Actor,
  r: RatingRow,
  input: NewResultInput,
  by: { bodyId: string; delegationId: string | null },
): Promise<RatingRow> {
  const stage = enter(r, 'reRate');
  if (!input.reason.trim())
    refuseByRule('REASON_REQUIRED', 're-rating.reason', RE_RATING_SOURCE, 'a new result needs the reason the old one is annulled', [
      'input',
      'reason',
    ]);
  if (!r.authorityBodyId) return refuse('WRONG_STAGE', 'only a decided result can be replaced', ['input', 'rating']);
  const recorded = { ...r.facts, ...(input.facts ?? {}) };
  const pack = await rulesAt(em, actor.cycleId, r.unitPath);
  const { facts, prerequisites } = await derivedFacts(em, { ...r, facts: recorded }, pack);
  const unmet = unmetPrerequisites(prerequisites);
  if (unmet.length) refuseWith('ORDER_PREREQUISITE', unmet, ['input', 'rating']);
  await checkVote(em, pack, input.ballots, input.level, by.bodyId, ['input', 'ballots']);
  const ceiling = ceilingFor(facts, pack, input.level, input.overrideReason);
  // The new result stays in the scope the subject was counted in — the successor's, where a merger joined it.
  const authority = { bodyId: await continuedIn(em, r.authorityBodyId, actor.cycleId), office: r.authorityOffice ?? '' };
  const scope: QuotaScope = {
    cycleId: actor.cycleId,
    referenceDate: actor.referenceDate,
    kind: r.subjectKind,
    authority,
    peerGroup: r.peerGroup,
  };
  await lockQuotaScope(em, scope);
  const quota = await quotaWith(em, scope, pack, r.id, { [input.level]: 1 });
  const lowering = r.decidedLevel !== null && !atLeast(input.level, r.decidedLevel);
  if (!quota.ok && !lowering) refuseWith('QUOTA_EXCEEDED', quota.findings, ['input', 'level']);

  await em.query(`UPDATE rating SET annulled_at = now(), annul_reason = $2, idempotency_key = NULL, updated_at = now() WHERE id = $1`, [
    r.id,
    input.reason,
  ]);
  const [created]: RatingRow[] = await em.query(
    `INSERT INTO rating (cycle_id, subject_kind, subject_ref_id, subject_code, unit_id, unit_path, person_id, stage, facts, self_level, self_rating_ballots, review_held_on, draft_sent_on,
                         report_approved_at, verified_at, proposed_level, proposal_ballots, ceiling, findings, decided_level, decision_ballots, decided_at,
                         decided_by, authority_body_id, authority_office, delegation_id, decision_ref, override_reason, quota_at_decision, published_at,
                         replaces_id, rerated_by_body_id, peer_group)
     SELECT cycle_id, subject_kind, subject_ref_id, subject_code, unit_id, unit_path, person_id, $2, $3, self_level, self_rating_ballots, review_held_on, draft_sent_on,
            report_approved_at, verified_at, proposed_level, proposal_ballots, $4, $5, $6, $7, now(),
            $8, authority_body_id, authority_office, delegation_id, $9, $10, $11, now(),
            id, $12, peer_group
       FROM rating WHERE id = $1
     RETURNING ${RATING_COLUMNS('rating')}`,
    [
      r.id,
      stage,
      JSON.stringify(recorded),
      ceiling.ceiling,
      JSON.stringify(ceiling.findings),
      input.level,
      input.ballots ? JSON.stringify(input.ballots) : null,
      actor.viewer.personId,
      input.decisionRef ?? null,
      input.overrideReason ?? null,
      JSON.stringify(quota.figures),
      by.bodyId,
    ],
  );
  await appendAudit(em, {
    actorPersonId: actor.viewer.personId,
    actingForBodyId: by.bodyId,
    delegationId: by.delegationId,
    action: 'reRate',
    entity: 'rating',
    entityId: created.id,
    before: { ...snapshot(r), annulled: r.id, reason: input.reason },
    after: { ...snapshot(created), overrideReason: input.overrideReason ?? null },
  });
  await flagDependents(em, created, input.level);
  if (!quota.ok) await flagScope(em, created, quota.figures);
  return created;
}

/** A lowering left the scope with more EXCELLENT than its limit: its EXCELLENT results are flagged for the authority to look at again. */
async function flagScope(
  em: EntityManager,
  r: RatingRow,
  figures: { good: number; excellent: number; maxExcellent: number },
): Promise<void> {
  await em.query(
    `UPDATE rating SET flagged_reason = $5 WHERE cycle_id = $1 AND subject_kind = $2 AND authority_body_id = $3 AND authority_office = $4
        AND peer_group IS NOT DISTINCT FROM $6::text AND annulled_at IS NULL AND decided_level = 'EXCELLENT'`,
    [
      r.cycleId,
      r.subjectKind,
      r.authorityBodyId,
      r.authorityOffice ?? '',
      `the re-rating of ${r.subjectCode} left the scope with ${figures.excellent} EXCELLENT for at most ${figures.maxExcellent} (GOOD pool ${figures.good}; DOMAIN §15.1)`,
      r.peerGroup,
    ],
  );
}

/** Flags the results that depended on a subject's level after it changed. */
async function flagDependents(em: EntityManager, r: RatingRow, level: Level): Promise<void> {
  const reason = `the level of ${r.subjectCode} was changed to ${level} by re-rating`;
  const above = LEVELS.filter((l) => !atLeast(level, l));
  if (r.subjectKind === 'LEADERSHIP_COLLECTIVE') {
    await em.query(
      `UPDATE rating x SET flagged_reason = $4 FROM post po
        WHERE x.cycle_id = $1 AND x.subject_kind = 'LEADER' AND x.subject_ref_id = po.id AND po.collective_id = $2 AND po.role = 'HEAD'
          AND x.annulled_at IS NULL AND x.decided_level = ANY($3)`,
      [r.cycleId, r.subjectRefId, above, `${reason}: a head may not be above the unit (004 §II.7.15)`],
    );
  }
  if (r.subjectKind === 'PARTY_MEMBER' || r.subjectKind === 'PARTY_ORGANIZATION') {
    // The organization whose standard counts this subject: the branch for a member, the parent's organization for an organization.
    await em.query(
      `UPDATE rating x SET flagged_reason = $3 FROM body b JOIN unit u ON u.id = b.unit_id
        WHERE x.cycle_id = $1 AND x.subject_kind = 'PARTY_ORGANIZATION' AND x.subject_ref_id = b.id AND b.kind = 'PARTY_ORGANIZATION'
          AND x.annulled_at IS NULL AND x.decided_level IS NOT NULL
          AND u.id = (SELECT CASE WHEN $4 = 'PARTY_MEMBER' THEN s.unit_id ELSE (SELECT parent_id FROM unit WHERE id = s.unit_id) END FROM rating s WHERE s.id = $2)`,
      [r.cycleId, r.id, `${reason}: the organization's standard counts it (004 §II.5.1)`, r.subjectKind],
    );
  }
}

/** A complaint about a result, assigned to the body that decided it. */
export async function fileComplaint(em: EntityManager, actor: Actor, r: RatingRow, text: string): Promise<RatingRow> {
  await requireAbility(em, actor, 'selfAssess', r.subjectKind, r.subjectRefId);
  enter(r, 'fileComplaint');
  const [c]: { id: string }[] = await em.query(
    `INSERT INTO complaint (rating_id, filed_by, text, assigned_body_id) VALUES ($1, $2, $3, $4) RETURNING id::text AS id`,
    [r.id, actor.viewer.personId, text, r.authorityBodyId],
  );
  await appendAudit(em, {
    actorPersonId: actor.viewer.personId,
    actingForBodyId: null,
    delegationId: null,
    action: 'fileComplaint',
    entity: 'complaint',
    entityId: c.id,
    before: null,
    after: { ratingId: r.id, text, assignedBodyId: r.authorityBodyId },
  });
  return r;
}

/** Resolves a complaint, with or without a change of level: a new level is a decision by the body that decided, through the same checks. */
export async function resolveComplaint(
  em: EntityManager,
  actor: Actor,
  complaintId: string,
  resolution: string,
  change: Omit<NewResultInput, 'reason'> | null,
): Promise<RatingRow> {
  const [c] = await em.query<{ ratingId: string; status: string }[]>(
    `SELECT rating_id::text AS "ratingId", status FROM complaint WHERE id = $1 FOR UPDATE`,
    [complaintId],
  );
  if (!c) noSuch('complaint');
  const r = await loadForUpdate(em, c.ratingId, 'complaint');
  const covering = await decidingRows(em, actor, r);
  enter(r, 'resolveComplaint');
  if (c.status !== 'OPEN')
    refuseByRule('WRONG_STAGE', 'complaint.open', '004 §II.7.8', `the complaint is already ${c.status}`, ['input', 'complaint'], {
      status: c.status,
    });
  const changed = change !== null && change.level !== r.decidedLevel;
  let result: RatingRow = r;
  if (changed) {
    const body = actingBody(actor, covering);
    result = await replaceResult(
      em,
      actor,
      r,
      { ...change, reason: `complaint ${complaintId}: ${resolution}` },
      { bodyId: body.bodyId, delegationId: body.delegationId },
    );
  }
  await em.query(
    `UPDATE complaint SET status = $2, resolution = $3, resolved_by = $4, resolved_at = now(), new_rating_id = $5 WHERE id = $1`,
    [complaintId, changed ? 'RESOLVED_CHANGED' : 'RESOLVED_UNCHANGED', resolution, actor.viewer.personId, changed ? result.id : null],
  );
  await appendAudit(em, {
    actorPersonId: actor.viewer.personId,
    actingForBodyId: null,
    delegationId: null,
    action: 'resolveComplaint',
    entity: 'complaint',
    entityId: complaintId,
    before: { status: c.status },
    after: { status: changed ? 'RESOLVED_CHANGED' : 'RESOLVED_UNCHANGED', resolution },
  });
  return result;
}
