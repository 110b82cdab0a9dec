import { STAGES, Stage, TRANSITIONS, WorkflowStep, transition } from '../../src/rules';

/** The stage machine as a table: every step from every stage, allowed or refused with its clause. */
const EXPECTED: Record<WorkflowStep, Partial<Record<Stage, Stage>>> = {
  selfAssess: { OPEN: 'SELF_ASSESSED', SELF_ASSESSED: 'SELF_ASSESSED' },
  issueSuggestion: { OPEN: 'OPEN', SELF_ASSESSED: 'SELF_ASSESSED' },
  answerSuggestion: { OPEN: 'OPEN', SELF_ASSESSED: 'SELF_ASSESSED' },
  approveReport: { OPEN: 'OPEN', SELF_ASSESSED: 'SELF_ASSESSED' },
  recordReview: { SELF_ASSESSED: 'SELF_ASSESSED', VERIFIED: 'VERIFIED', PROPOSED: 'PROPOSED' },
  verify: { SELF_ASSESSED: 'VERIFIED', VERIFIED: 'VERIFIED', PROPOSED: 'PROPOSED' },
  propose: { SELF_ASSESSED: 'PROPOSED', VERIFIED: 'PROPOSED', PROPOSED: 'PROPOSED' },
  giveOpinion: { SELF_ASSESSED: 'SELF_ASSESSED', VERIFIED: 'VERIFIED', PROPOSED: 'PROPOSED' },
  recordConcern: { OPEN: 'OPEN', SELF_ASSESSED: 'SELF_ASSESSED', VERIFIED: 'VERIFIED', PROPOSED: 'PROPOSED' },
  recordResidenceFeedback: { OPEN: 'OPEN', SELF_ASSESSED: 'SELF_ASSESSED', VERIFIED: 'VERIFIED', PROPOSED: 'PROPOSED' },
  recordDossierItem: {
    OPEN: 'OPEN',
    SELF_ASSESSED: 'SELF_ASSESSED',
    VERIFIED: 'VERIFIED',
    PROPOSED: 'PROPOSED',
    DECIDED: 'DECIDED',
    PUBLISHED: 'PUBLISHED',
  },
  decide: { SELF_ASSESSED: 'DECIDED', VERIFIED: 'DECIDED', PROPOSED: 'DECIDED' },
  publish: { DECIDED: 'PUBLISHED' },
  reRate: { DECIDED: 'PUBLISHED', PUBLISHED: 'PUBLISHED' },
  fileComplaint: { DECIDED: 'DECIDED', PUBLISHED: 'PUBLISHED' },
  resolveComplaint: { DECIDED: 'DECIDED', PUBLISHED: 'PUBLISHED' },
};

describe('the stage machine', () => {
  it('covers every step of the workflow', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED) as WorkflowStep[])('%s: from each stage, the stage it leaves or a refusal with its clause', (step) => {
    for (const stage of STAGES) {
      const t = transition(step, stage);
      const to = EXPECTED[step][stage];
      if (to) {
        expect([step, stage, t]).toEqual([step, stage, { ok: true, to }]);
      } else {
        expect(t).toMatchObject({ ok: false, rule: 'stage.transition', source: TRANSITIONS[step].source, figures: { stage, step } });
        if (!t.ok) expect(t.source).toMatch(/^(\d{3} §([IVX]+|\d+)\.|\d+-QĐ\/TW Art\. \d+$)/);
      }
    }
  });

  it('never starts anything from NOT_RATED, and nothing but a re-rating, a complaint or the dossier after the result', () => {
    for (const step of Object.keys(TRANSITIONS) as WorkflowStep[]) expect(transition(step, 'NOT_RATED').ok).toBe(false);
    const afterResult = (Object.keys(TRANSITIONS) as WorkflowStep[]).filter((s) => transition(s, 'PUBLISHED').ok).sort();
    // …and completing the dossier sent upward (004 §III.1.4), which changes no result.
    expect(afterResult).toEqual(['fileComplaint', 'reRate', 'recordDossierItem', 'resolveComplaint']);
  });
});
