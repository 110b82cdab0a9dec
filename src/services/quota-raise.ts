import { EntityManager } from 'typeorm';
import { actsFor } from '../policies/ability';
import { rulesAt } from './effective-rules';
import { appendAudit } from './audit-log';
import type { Actor } from './rating-workflow';
import { refuse, refuseByRule } from './refusal';

export interface QuotaRaiseRow {
  id: string;
  ratio: number;
  decisionRef: string;
  reason: string;
  decidedAt: Date;
}

export interface QuotaRaiseInput {
  authority: { id: string; path: string };
  office: string;
  kind: string;
  peerGroup: string | null;
  decisionRef: string;
  reason: string;
}

/**
 * The competent level raises the quota of one of its scopes for a unit with outstanding results, by a
 * recorded decision (366-QĐ/TW Art. 11: 20% → 25%). Only those who decide for the authority record
 * it, only where the cycle's pack allows a raise, and once per scope: the decision is the record.
 */
export async function raiseQuota(em: EntityManager, actor: Actor, input: QuotaRaiseInput): Promise<QuotaRaiseRow> {
  const decides = actor.rows.some(
    (x) =>
      x.power === 'DECIDE' &&
      x.subjectKind === input.kind &&
      x.delegateBodyId === input.authority.id &&
      (x.delegateOffice ?? '') === input.office &&
      actsFor(actor.viewer, x.delegateBodyId, x.delegateOffice),
  );
  if (!decides)
    refuse(
      'NOT_AUTHORIZED',
      'a quota is raised by the competent level that decides the scope (a row of the matrix in force with DECIDE through that body and office)',
      ['input', 'authority'],
    );
  const pack = await rulesAt(em, actor.cycleId, input.authority.path);
  const { raisedRatio, raiseSource, peerGroup } = pack.quota;
  if (raisedRatio === null)
    refuseByRule(
      'RAISE_NOT_ALLOWED',
      'quota.raise',
      pack.quota.source,
      `${pack.code} allows no raise of the quota`,
      ['input', 'authority'],
      { pack: pack.code },
    );
  if ((peerGroup === 'POSITION' && input.kind === 'LEADER') !== (input.peerGroup !== null)) {
    refuseByRule(
      'BAD_FACTS',
      'quota.peer-group',
      pack.quota.source,
      input.peerGroup === null
        ? 'name the peer group (the post category) whose quota is raised'
        : `${pack.code} counts this kind as one group: give no peer group`,
      ['input', 'peerGroup'],
    );
  }
  if (!input.decisionRef.trim() || !input.reason.trim())
    refuseByRule(
      'REASON_REQUIRED',
      'quota.raise',
      raiseSource ?? pack.quota.source,
      'a raise needs the number of its decision and the outstanding results it rests on',
      ['input', 'decisionRef'],
    );
  const [row]: QuotaRaiseRow[] = await em.query(
    `INSERT INTO quota_raise (cycle_id, authority_body_id, authority_office, subject_kind, peer_group, ratio, decision_ref, reason, decided_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT ON CONSTRAINT quota_raise_scope DO NOTHING
     RETURNING id::text AS id, ratio::float AS ratio, decision_ref AS "decisionRef", reason, decided_at AS "decidedAt"`,
    [
      actor.cycleId,
      input.authority.id,
      input.office,
      input.kind,
      input.peerGroup,
      raisedRatio,
      input.decisionRef.trim(),
      input.reason.trim(),
      actor.viewer.personId,
    ],
  );
  if (!row)
    refuseByRule('ALREADY_RAISED', 'quota.raise', raiseSource ?? pack.quota.source, 'the quota of this scope is already raised', [
      'input',
      'authority',
    ]);
  await appendAudit(em, {
    actorPersonId: actor.viewer.personId,
    actingForBodyId: input.authority.id,
    delegationId: null,
    action: 'raiseQuota',
    entity: 'quota_raise',
    entityId: row.id,
    before: null,
    after: {
      kind: input.kind,
      office: input.office,
      peerGroup: input.peerGroup,
      ratio: row.ratio,
      decisionRef: row.decisionRef,
      reason: row.reason,
    },
  });
  return row;
}
