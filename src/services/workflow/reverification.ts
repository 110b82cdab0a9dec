/**
 * 366-QĐ/TW Art. 12: where complaints or signs of disunity are recorded, the committee directly above
 * re-verifies before the competent level decides. The concern is kept with the rating's facts; the
 * re-verification is a consultation the workflow opens by itself and the decision cannot skip.
 */
import { EntityManager } from 'typeorm';
import { rowsCovering } from '../../policies/delegation-matrix';
import { upperCommitteeOf } from '../../policies/re-rating-authority';
import type { CeilingFacts, RulePack } from '../../rules';
import { rulesAt } from '../effective-rules';
import { refuse } from '../refusal';
import { RatingRow } from '../subject-facts';
import { Actor, enter, requireRecorder, update } from './core';

export type Concern = NonNullable<CeilingFacts['concerns']>[number];
export type ConcernKind = Concern['kind'];

export async function recordConcern(em: EntityManager, actor: Actor, r: RatingRow, kind: ConcernKind, note: string): Promise<RatingRow> {
  await requireRecorder(em, actor, r, 'a concern');
  enter(r, 'recordConcern');
  if (!note.trim()) refuse('REASON_REQUIRED', 'a concern needs its content: what was received or observed', ['input', 'note']);
  const pack = await rulesAt(em, actor.cycleId, r.unitPath);
  const concern: Concern = { kind, note, recordedAt: new Date().toISOString(), recordedBy: actor.viewer.personId };
  const facts = { ...r.facts, concerns: [...(r.facts.concerns ?? []), concern] };
  const after = await update(em, r, { facts }, actor, 'recordConcern');
  if (pack.process.reverifyOnConcern) await openReverification(em, actor, after, pack);
  return after;
}

/**
 * The standing committee (else the executive committee) of the nearest committee above the competent
 * level — or above the subject, as the pack reads Art. 12. Null: the committee above is outside this system.
 */
async function reverifyingBody(em: EntityManager, actor: Actor, r: RatingRow, pack: RulePack): Promise<string | null> {
  let path = r.unitPath;
  let unitId = r.unitId;
  if (pack.process.reverifier === 'ABOVE_DECIDER') {
    const decider = (await rowsCovering(em, actor.cycleId, r.subjectKind, r.subjectRefId)).find(
      (x) => x.power === 'DECIDE' && !x.superseded,
    );
    if (!decider) return null;
    [{ path, unitId }] = await em.query(
      `SELECT u.path, u.id::text AS "unitId" FROM body b JOIN unit u ON u.id = b.unit_id WHERE b.id = $1`,
      [decider.delegateBodyId],
    );
  }
  const upper = await upperCommitteeOf(em, path, unitId);
  return upper ? (upper.standingBodyIds[0] ?? upper.executiveBodyId) : null;
}

async function openReverification(em: EntityManager, actor: Actor, r: RatingRow, pack: RulePack): Promise<void> {
  const body = await reverifyingBody(em, actor, r, pack);
  if (!body) return;
  await em.query(
    `INSERT INTO consultation (rating_id, body_id, source, purpose) VALUES ($1, $2, $3, 'REVERIFICATION')
     ON CONFLICT (rating_id, body_id) DO UPDATE SET purpose = 'REVERIFICATION', source = EXCLUDED.source`,
    [r.id, body, pack.process.reverificationSource],
  );
}

/** Has a concern been recorded that the pack answers with a re-verification? */
export const needsReverification = (r: RatingRow, pack: RulePack) => pack.process.reverifyOnConcern && (r.facts.concerns ?? []).length > 0;
