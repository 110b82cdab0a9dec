/** Mẫu 3-213: the residence party cell's feedback on a working member, recorded with the rating by those who run it. */
import { EntityManager } from 'typeorm';
import { residenceSheetProblems, RESIDENCE_SOURCE, ResidenceGrade } from '../../rules';
import { refuse, refuseByRule } from '../refusal';
import { RatingRow } from '../subject-facts';
import { Actor, enter, requireRecorder, update } from './core';

export interface ResidenceFeedbackInput {
  cell: string;
  grades: ResidenceGrade[];
  comment: string | null;
  confirmedBy: string | null;
}

export async function recordResidenceFeedback(
  em: EntityManager,
  actor: Actor,
  r: RatingRow,
  input: ResidenceFeedbackInput,
): Promise<RatingRow> {
  await requireRecorder(em, actor, r, 'the residence feedback (Mẫu 3-213)');
  enter(r, 'recordResidenceFeedback');
  if (r.subjectKind !== 'PARTY_MEMBER' && r.subjectKind !== 'LEADER')
    refuse('BAD_FACTS', 'the residence feedback (Mẫu 3-213) is about a person', ['input', 'rating']);
  if (!input.cell.trim()) refuse('BAD_FACTS', 'cell: the residence party cell that gave the feedback', ['input', 'cell']);
  const problems = residenceSheetProblems(input.grades);
  if (problems.length)
    refuseByRule('BAD_FACTS', 'residence.sheet', RESIDENCE_SOURCE, problems.join('; '), ['input', 'grades'], {
      grades: input.grades.length,
    });
  const residenceFeedback = { ...input, recordedAt: new Date().toISOString(), recordedBy: actor.viewer.personId };
  return update(em, r, { facts: { ...r.facts, residenceFeedback } }, actor, 'recordResidenceFeedback');
}
