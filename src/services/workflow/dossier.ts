/** The dossier of a rating (hồ sơ kiểm điểm): each item of the pack for the subject's kind, present, late, missing or due. */
import { EntityManager } from 'typeorm';
import { dossierState, DossierState } from '../../rules';
import { rulesAt } from '../effective-rules';
import { refuseByRule } from '../refusal';
import { RatingRow } from '../subject-facts';
import { Actor, enter, requireRecorder, update } from './core';

export interface DossierEntry {
  item: string;
  titleVi: string;
  state: DossierState;
  receivedOn: string | null;
  /** The person who recorded it (the subject for their self-assessment); null for the review, a meeting, or where not kept. */
  recordedBy: string | null;
  dueOn: string | null;
  source: string;
}

type Recorded = Record<string, { receivedOn: string; recordedAt: string; recordedBy: string }>;

/** Staff record that an item the system cannot see (an asset declaration, a CV supplement…) was received, and on which day. */
export async function recordDossierItem(
  em: EntityManager,
  actor: Actor,
  r: RatingRow,
  item: string,
  receivedOn: string,
): Promise<RatingRow> {
  await requireRecorder(em, actor, r, 'a dossier item');
  enter(r, 'recordDossierItem');
  const pack = await rulesAt(em, actor.cycleId, r.unitPath);
  const known = pack.dossier.items.find((i) => i.id === item && i.kinds.includes(r.subjectKind as never));
  if (!known || known.evidence !== 'RECORDED') {
    const recordable = pack.dossier.items
      .filter((i) => i.evidence === 'RECORDED' && i.kinds.includes(r.subjectKind as never))
      .map((i) => i.id);
    refuseByRule(
      'BAD_FACTS',
      'dossier.item',
      pack.dossier.source,
      `item: one of ${recordable.join(', ')} for this subject (the others the system knows of by itself)`,
      ['input', 'item'],
      { item },
    );
  }
  const dossier: Recorded = {
    ...((r.facts as { dossier?: Recorded }).dossier ?? {}),
    [item]: { receivedOn, recordedAt: new Date().toISOString(), recordedBy: actor.viewer.personId },
  };
  return update(em, r, { facts: { ...r.facts, dossier } }, actor, 'recordDossierItem');
}

/** The dossier's items for the subject's kind with their state on `today`, against the cycle's deadline for dossiers. */
export async function dossierOf(em: EntityManager, r: RatingRow, today: string): Promise<DossierEntry[]> {
  const pack = await rulesAt(em, r.cycleId, r.unitPath);
  const [{ due, selfAssessedOn }] = await em.query<{ due: string | null; selfAssessedOn: string | null }[]>(
    `SELECT (SELECT min(due_on)::text FROM cycle_deadline WHERE cycle_id = $1 AND task = $2) AS due,
            (SELECT self_assessed_at::date::text FROM rating WHERE id = $3) AS "selfAssessedOn"`,
    [r.cycleId, pack.dossier.deadlineTask, r.id],
  );
  type Kept = { recordedAt: string; recordedBy?: string };
  const facts = r.facts as { residenceFeedback?: Kept; managerComment?: Kept; dossier?: Recorded };
  const kept = (k: Kept | undefined) => ({ on: k?.recordedAt.slice(0, 10) ?? null, by: k?.recordedBy ?? null });
  const received = (evidence: string, item: string): { on: string | null; by: string | null } => {
    switch (evidence) {
      case 'SELF_ASSESSMENT':
        return { on: selfAssessedOn ?? null, by: selfAssessedOn ? r.personId : null };
      case 'REVIEW':
        return { on: r.reviewHeldOn, by: null };
      case 'RESIDENCE_FEEDBACK':
        return kept(facts.residenceFeedback);
      case 'MANAGER_COMMENT':
        return kept(facts.managerComment);
      default:
        return { on: facts.dossier?.[item]?.receivedOn ?? null, by: facts.dossier?.[item]?.recordedBy ?? null };
    }
  };
  return pack.dossier.items
    .filter((i) => i.kinds.includes(r.subjectKind as never))
    .map((i) => {
      const { on: receivedOn, by: recordedBy } = received(i.evidence, i.id);
      return {
        item: i.id,
        titleVi: i.titleVi,
        state: dossierState(receivedOn, due, today),
        receivedOn,
        recordedBy,
        dueOn: due,
        source: pack.dossier.source,
      };
    });
}
