import { DOSSIER_366 } from '../dossier';
import { QD124_2024 } from './qd124-2024';
import { CriteriaTemplate, PackParameter, RulePack } from './rule-pack';

const ART_11 = '366-QĐ/TW Art. 11';

/**
 * A 30 + 70 point form (366-QĐ/TW App. 1–5; quoted for App. 4–5, reported for App. 1–3): the split
 * inside each part is the upper committee's (43-HD/BTCTW §7.12), which this build does not hold yet.
 */
function pointsTemplate(form: string, appendix: string): CriteriaTemplate {
  return {
    form,
    source: `366-QĐ/TW ${appendix}; 43-HD/BTCTW`,
    criteria: [
      {
        id: 'P1',
        title: 'General criteria: politics, ethics, discipline, responsibility',
        titleVi: 'Nhóm tiêu chí chung',
        result: false,
        maxPoints: 30,
      },
      {
        id: 'P2',
        title: 'Results of the assigned tasks',
        titleVi: 'Nhóm tiêu chí kết quả thực hiện nhiệm vụ',
        result: true,
        maxPoints: 70,
      },
    ],
  };
}

/** The points of 366/43 this build could not read in a signed text (DOMAIN §16): each a parameter with its status. */
const PARAMETERS: PackParameter[] = [
  { path: 'scoring.excellentMin', status: 'Q', source: ART_11, meaning: 'EXCELLENT needs at least these points' },
  { path: 'scoring.goodMin', status: 'Q', source: ART_11, meaning: 'GOOD needs at least these points' },
  { path: 'scoring.completeMin', status: 'Q', source: ART_11, meaning: 'COMPLETE needs at least these points' },
  { path: 'scoring.excellentExceeded.atLeast', status: 'Q', source: ART_11, meaning: 'share of tasks EXCELLENT needs exceeded' },
  { path: 'scoring.completeLateMax.atMost', status: 'Q', source: ART_11, meaning: 'share of tasks COMPLETE allows late' },
  {
    path: 'scoring.shortcomingsRemedied.atLeast',
    status: 'Q',
    source: ART_11,
    meaning: 'share of the previous review’s shortcomings EXCELLENT needs remedied',
  },
  {
    path: 'scoring.notCompleteTasksDone.lessThan',
    status: 'Q',
    source: ART_11,
    meaning: 'a collective, or a leader’s area, done under this share of its tasks is NOT_COMPLETE',
  },
  {
    path: 'scoring.notCompleteTasksUndone.moreThan',
    status: 'Q',
    source: ART_11,
    meaning: 'an individual with more than this share of tasks not done is NOT_COMPLETE',
  },
  {
    path: 'scoring.notCompleteUnitsFailed.moreThan',
    status: 'Q',
    source: ART_11,
    meaning: 'a leader with more than this share of units under them NOT_COMPLETE is NOT_COMPLETE',
  },
  {
    path: 'scoring.notCompleteLowConfidence.moreThan',
    status: 'Q',
    source: ART_11,
    meaning: 'a leader with more than this share of confidence ballots low is NOT_COMPLETE',
  },
  {
    path: 'scoring.overrideOnlyMitigated',
    status: 'Q',
    source: ART_11,
    meaning: 'only a trigger self-detected or due to force majeure, and remedied, may be set aside by the deciding level',
  },
  {
    path: 'scoring.headCap',
    status: 'U',
    source: 'DOMAIN §16',
    meaning: 'a head’s level may not exceed the unit’s',
    note: 'carried over from 124-QĐ/TW (004 §II.7.15); not found in the sources of 366',
  },
  {
    path: 'quota.ratio',
    status: 'Q',
    source: '366-QĐ/TW Art. 11; 335/2025/NĐ-CP',
    meaning: 'EXCELLENT may not exceed this share of those rated GOOD or higher within a peer group',
  },
  {
    path: 'quota.raisedRatio',
    status: 'Q',
    source: '366-QĐ/TW Art. 11',
    meaning: 'the share a competent level may grant a unit with outstanding results by a recorded decision',
  },
  {
    path: 'quota.rounding',
    status: 'U',
    source: 'DOMAIN §16',
    meaning: 'DOWN, NEAREST or UP: how the share of GOOD becomes a whole number',
    note: 'not stated; DOWN as under 124',
    values: ['DOWN', 'NEAREST', 'UP'],
  },
  {
    path: 'quota.peerGroup',
    status: 'U',
    source: 'DOMAIN §16',
    meaning: 'KIND (all the authority decides of a kind) or POSITION (leaders by post category)',
    note: '"same position, role, function and tasks" is not defined further',
    values: ['KIND', 'POSITION'],
  },
  {
    path: 'quota.smallGroupThreshold',
    status: 'U',
    source: 'DOMAIN §16',
    meaning: 'a group this small may have one EXCELLENT (0: no such exception)',
    note: 'not stated for 366; 004 §II.7.17 had 5',
  },
  { path: 'eligibility.minMonths', status: 'Q', source: '366-QĐ/TW Art. 5', meaning: 'months of membership before a member is rated' },
  {
    path: 'periods.partNotCompleteBarsExcellent',
    status: 'U',
    source: '366-QĐ/TW Art. 15; DOMAIN §16',
    meaning: 'a quarter (or a year of the term) rated NOT_COMPLETE bars EXCELLENT for the year (the term)',
    note: 'quarterly results feed the yearly rating; how is the locality’s to say: off unless set',
  },
  {
    path: 'civilService.excellentMin',
    status: 'Q',
    source: '335/2025/NĐ-CP',
    meaning: 'a civil servant’s task results score EXCELLENT from these points',
  },
  { path: 'civilService.goodMin', status: 'Q', source: '335/2025/NĐ-CP', meaning: 'GOOD from these points' },
  { path: 'civilService.completeMin', status: 'Q', source: '335/2025/NĐ-CP', meaning: 'COMPLETE from these points' },
  {
    path: 'civilService.errorPenalty',
    status: 'Q',
    source: '335/2025/NĐ-CP',
    meaning: 'the share of a product’s quality points one major error costs',
  },
  {
    path: 'civilService.delayPenalty',
    status: 'Q',
    source: '335/2025/NĐ-CP',
    meaning: 'the share of a product’s timeliness points one delay costs',
  },
  {
    path: 'civilService.quantityWeight',
    status: 'U',
    source: 'DOMAIN §16',
    meaning: 'the weight of quantity in a product’s score',
    note: 'the decree’s split of quantity, quality and timeliness is not in the sources read: equal thirds',
  },
  { path: 'civilService.qualityWeight', status: 'U', source: 'DOMAIN §16', meaning: 'the weight of quality in a product’s score' },
  { path: 'civilService.timelinessWeight', status: 'U', source: 'DOMAIN §16', meaning: 'the weight of timeliness in a product’s score' },
  {
    path: 'process.smallCollectiveMembers',
    status: 'Q',
    source: '43-HD/BTCTW',
    meaning: 'a collective of fewer members is reviewed with its branch or committee',
  },
  {
    path: 'process.draftReportWorkingDays',
    status: 'Q',
    source: '43-HD/BTCTW',
    meaning: 'the draft report reaches the members at least this many working days before the review meeting',
  },
  {
    path: 'process.reverifyOnConcern',
    status: 'Q',
    source: '366-QĐ/TW Art. 12',
    meaning: 'complaints or signs of disunity recorded: the committee directly above re-verifies before the decision',
  },
  {
    path: 'process.reverifier',
    status: 'U',
    source: '366-QĐ/TW Art. 12; DOMAIN §16',
    meaning: 'ABOVE_DECIDER (the committee above the competent level) or ABOVE_SUBJECT (the committee above the subject)',
    note: '"the next-higher committee" is not said to be next above the decider or the subject',
    values: ['ABOVE_DECIDER', 'ABOVE_SUBJECT'],
  },
  {
    path: 'votes.memberProposalFirst',
    status: 'U',
    source: '004 §II.4.3; DOMAIN §16',
    meaning: 'a member decided above the branch is first proposed by the branch’s vote',
    note: 'the 124-era guidance carried over; 366 Art. 12 names the advisory body’s proposal',
  },
  {
    path: 'votes.proposalRoundQuota',
    status: 'U',
    source: '366-QĐ/TW Art. 11; DOMAIN §16',
    meaning: 'the quota holds at the proposal round too',
    note: 'off: 366 states the quota for the competent level that decides',
  },
];

/**
 * The rules in force since 2025 (DOMAIN §16: 366-QĐ/TW, 43-HD/BTCTW, from legal-news quotations):
 * a level needs its band of a 100-point score and the conditions on tasks; Art. 11's triggers make
 * a subject NOT_COMPLETE; the quota counts within peer groups and may be raised to 25% by a recorded
 * decision. What the sources leave open is a parameter marked U, set by a locality as data.
 */
export const QD366_2025: RulePack = {
  ...QD124_2024,
  code: 'QD366-2025',
  name: '366-QĐ/TW, 43-HD/BTCTW point scoring (2025+)',
  sources: ['366-QĐ/TW', '43-HD/BTCTW', '335/2025/NĐ-CP'],
  scoring: {
    model: 'POINTS',
    source: ART_11,
    excellentMin: 90,
    goodMin: 70,
    completeMin: 50,
    excellentExceeded: { atLeast: 0.3 },
    completeLateMax: { atMost: 0.2 },
    shortcomingsRemedied: { atLeast: 1 },
    notCompleteTasksDone: { lessThan: 0.7 },
    notCompleteTasksUndone: { moreThan: 0.5 },
    notCompleteUnitsFailed: { moreThan: 0.5 },
    notCompleteLowConfidence: { moreThan: 0.5 },
    overrideOnlyMitigated: true,
    headCap: true,
  },
  quota: {
    ...QD124_2024.quota,
    source: '366-QĐ/TW Art. 11; 335/2025/NĐ-CP',
    raisedRatio: 0.25,
    raiseSource: '366-QĐ/TW Art. 11',
    peerGroup: 'POSITION',
    smallGroupThreshold: 0,
    smallGroupSource: 'DOMAIN §16',
  },
  eligibility: { ...QD124_2024.eligibility, source: '366-QĐ/TW Art. 5' },
  votes: { ...QD124_2024.votes, proposalRoundQuota: false },
  periods: { partNotCompleteBarsExcellent: false, source: '366-QĐ/TW Art. 15' },
  dossier: DOSSIER_366,
  process: {
    draftReportWorkingDays: 3,
    draftReportSource: '43-HD/BTCTW',
    smallCollectiveMembers: 3,
    smallCollectiveSource: '43-HD/BTCTW',
    reverifyOnConcern: true,
    reverifier: 'ABOVE_DECIDER',
    reverificationSource: '366-QĐ/TW Art. 12',
  },
  civilService: {
    generalPoints: 30,
    taskPoints: 70,
    excellentMin: 90,
    goodMin: 70,
    completeMin: 50,
    errorPenalty: 0.25,
    delayPenalty: 0.25,
    quantityWeight: 1,
    qualityWeight: 1,
    timelinessWeight: 1,
    source: '335/2025/NĐ-CP',
  },
  headClause: { ...QD124_2024.headClause, professionalRatedBy: null, source: ART_11 },
  headCapSource: 'DOMAIN §16',
  templates: {
    PARTY_ORGANIZATION: pointsTemplate('Mẫu 01 (43-HD/BTCTW)', 'App. 1'),
    LEADERSHIP_COLLECTIVE: pointsTemplate('Mẫu 01 (43-HD/BTCTW)', 'App. 1'),
    LEADER: pointsTemplate('Mẫu 2A (43-HD/BTCTW)', 'App. 3'),
    PARTY_MEMBER: pointsTemplate('Mẫu 2B (43-HD/BTCTW)', 'App. 4'),
  },
  // App. 5's framework is scored as App. 4's: its items are not in the sources read [U]; the form is its own.
  outsidePoliticalSystemTemplate: pointsTemplate('Mẫu 2C (43-HD/BTCTW)', 'App. 5'),
  // Mẫu 05 is the individual's self-assessment by quarter (43-HD/BTCTW annex); its items are not in the sources read: the year's two parts, scored alike [U].
  quarterTemplates: {
    LEADER: pointsTemplate('Mẫu 05 (43-HD/BTCTW)', 'App. 3'),
    PARTY_MEMBER: pointsTemplate('Mẫu 05 (43-HD/BTCTW)', 'App. 4–5'),
  },
  parameters: PARAMETERS,
};
