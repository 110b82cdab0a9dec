/**
 * The stage machine of a rating, as data: the stages a rating passes through and, for every step of
 * the workflow, the stages it may start from and the stage it leaves the rating at. The database
 * holds the same list of stages as a CHECK constraint (migration 0011); every mutation asks
 * `transition` before it writes.
 */
export const STAGES = ['OPEN', 'SELF_ASSESSED', 'VERIFIED', 'PROPOSED', 'DECIDED', 'PUBLISHED', 'NOT_RATED'] as const;
export type Stage = (typeof STAGES)[number];

/** Stages after which nothing is decided any more (a result, or no rating at all). */
export const SETTLED_STAGES: readonly Stage[] = ['DECIDED', 'PUBLISHED', 'NOT_RATED'];

/** Before the decision, with the self-assessment made. */
const UNDECIDED: Stage[] = ['SELF_ASSESSED', 'VERIFIED', 'PROPOSED'];

export interface Transition {
  /** The stages the step may start from. */
  from: readonly Stage[];
  /** The stage the step leaves the rating at; `same` keeps it where it was; a map, per stage it starts from. */
  to: Stage | 'same' | Partial<Record<Stage, Stage>>;
  /** The clause that orders this step. */
  source: string;
}

export const TRANSITIONS = {
  selfAssess: { from: ['OPEN', 'SELF_ASSESSED'], to: 'SELF_ASSESSED', source: '004 §II.4.1 step 1' },
  // Suggestions go to the subject before its report is drafted; the upper body approves the report before the meeting (004 §I.4.1.1–4.1.2).
  issueSuggestion: { from: ['OPEN', 'SELF_ASSESSED'], to: 'same', source: '004 §I.4.1.2' },
  answerSuggestion: { from: ['OPEN', 'SELF_ASSESSED'], to: 'same', source: '004 §I.4.1.2' },
  approveReport: { from: ['OPEN', 'SELF_ASSESSED'], to: 'same', source: '004 §I.4.1.1' },
  recordReview: { from: UNDECIDED, to: 'same', source: '004 §II.7.2' },
  // Verifying after the proposal keeps the proposal.
  verify: { from: UNDECIDED, to: { SELF_ASSESSED: 'VERIFIED', VERIFIED: 'VERIFIED', PROPOSED: 'PROPOSED' }, source: '004 §II.4.1 step 2' },
  propose: { from: UNDECIDED, to: 'PROPOSED', source: '004 §II.4.3' },
  giveOpinion: { from: UNDECIDED, to: 'same', source: '003 §II.5.2' },
  recordConcern: { from: ['OPEN', ...UNDECIDED], to: 'same', source: '366-QĐ/TW Art. 12' },
  recordResidenceFeedback: { from: ['OPEN', ...UNDECIDED], to: 'same', source: '003 §4.5' },
  // Dossiers are completed and sent upward after the decision too (004 §III.1.4).
  recordDossierItem: { from: ['OPEN', ...UNDECIDED, 'DECIDED', 'PUBLISHED'], to: 'same', source: '003 §4.5' },
  decide: { from: UNDECIDED, to: 'DECIDED', source: '004 §II.4.1 step 3' },
  publish: { from: ['DECIDED'], to: 'PUBLISHED', source: '004 §II.4.1 step 3' },
  reRate: { from: ['DECIDED', 'PUBLISHED'], to: 'PUBLISHED', source: '004 §II.7.8' },
  fileComplaint: { from: ['DECIDED', 'PUBLISHED'], to: 'same', source: '004 §II.7.8' },
  resolveComplaint: { from: ['DECIDED', 'PUBLISHED'], to: 'same', source: '004 §II.7.8' },
} as const satisfies Record<string, Transition>;

export type WorkflowStep = keyof typeof TRANSITIONS;

export type TransitionResult =
  | { ok: true; to: Stage }
  | {
      ok: false;
      rule: 'stage.transition';
      source: string;
      message: string;
      messageVi: string;
      figures: { stage: Stage; step: WorkflowStep; allowed: string };
    };

/** Where a step leaves a rating now at `stage`, or why it may not start from there. */
export function transition(step: WorkflowStep, stage: Stage): TransitionResult {
  const t: Transition = TRANSITIONS[step];
  if (!t.from.includes(stage)) {
    const allowed = t.from.join(', ');
    return {
      ok: false,
      rule: 'stage.transition',
      source: t.source,
      figures: { stage, step, allowed },
      message: `cannot ${step} a rating at stage ${stage} (needs ${t.from.join(' or ')})`,
      messageVi: `không thể thực hiện bước ${step} khi phiếu đang ở giai đoạn ${stage} (cần: ${allowed})`,
    };
  }
  return { ok: true, to: t.to === 'same' ? stage : typeof t.to === 'string' ? t.to : (t.to[stage] ?? stage) };
}
