import { DOSSIER_124 } from '../dossier';
import { CriteriaTemplate, RulePack } from './rule-pack';

/** Mẫu 01 (seed 003): the review report of a collective; items 2 and 4 are result criteria. */
export const COLLECTIVE_TEMPLATE: CriteriaTemplate = {
  form: 'Mẫu 01',
  source: '003 Mẫu 01; 004 §II.2',
  criteria: [
    {
      id: 'C1',
      title: 'Democratic centralism and working rules',
      titleVi: 'Thực hiện nguyên tắc tập trung dân chủ, quy chế làm việc',
      result: false,
    },
    {
      id: 'C2',
      title: 'Results against the targets of the year',
      titleVi: 'Kết quả thực hiện chỉ tiêu, nhiệm vụ được giao trong năm',
      result: true,
    },
    {
      id: 'C3',
      title: 'Party building, accountability, anti-corruption, inspection',
      titleVi: 'Công tác xây dựng Đảng, trách nhiệm giải trình, phòng chống tham nhũng, kiểm tra giám sát',
      result: false,
    },
    {
      id: 'C4',
      title: 'Responsibility for the political task',
      titleVi: 'Trách nhiệm lãnh đạo thực hiện nhiệm vụ chính trị',
      result: true,
    },
    {
      id: 'C5',
      title: 'Remediation of earlier shortcomings',
      titleVi: 'Kết quả khắc phục hạn chế, khuyết điểm đã được chỉ ra',
      result: false,
    },
  ],
};

/**
 * Mẫu 01 for a party organization: the party-building results count among the result criteria that
 * EXCELLENT needs OUTSTANDING and GOOD needs GOOD (004 §II.5.1.1 a, §II.5.1.2 a); a leadership
 * collective's are only its tasks' results (§II.5.1.1 b).
 */
export const PARTY_ORGANIZATION_TEMPLATE: CriteriaTemplate = {
  ...COLLECTIVE_TEMPLATE,
  source: '003 Mẫu 01; 004 §II.5.1.1 a)',
  criteria: COLLECTIVE_TEMPLATE.criteria.map((c) => (c.id === 'C3' ? { ...c, result: true } : c)),
};

/** Mẫu 02 (seed 003): the self-review of an individual; items 4–6 for leaders only. */
export const INDIVIDUAL_TEMPLATE: CriteriaTemplate = {
  form: 'Mẫu 02',
  source: '003 Mẫu 02; 004 §II.3',
  civilServiceSelfLevel: true,
  criteria: [
    {
      id: 'I1',
      title: 'Political quality, ethics, lifestyle, discipline',
      titleVi: 'Tư tưởng chính trị, phẩm chất đạo đức, lối sống, ý thức tổ chức kỷ luật',
      result: false,
    },
    {
      id: 'I2',
      title: 'Duties and targets of the year',
      titleVi: 'Kết quả thực hiện chức trách, nhiệm vụ được giao trong năm',
      result: true,
    },
    {
      id: 'I3',
      title: 'Self-improvement pledge',
      titleVi: 'Việc thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu hằng năm',
      result: false,
      graded: false,
    },
    {
      id: 'I4',
      title: 'Leadership results and subordinate units',
      titleVi: 'Kết quả lãnh đạo, chỉ đạo; mức độ hoàn thành của đơn vị thuộc quyền',
      result: true,
      leadersOnly: true,
    },
    {
      id: 'I5',
      title: 'Innovation and responsibility',
      titleVi: 'Tinh thần đổi mới sáng tạo, dám nghĩ, dám làm, dám chịu trách nhiệm',
      result: false,
      leadersOnly: true,
    },
    {
      id: 'I6',
      title: 'Exemplary conduct and anti-corruption',
      titleVi: 'Trách nhiệm nêu gương, phòng chống tham nhũng, tiêu cực',
      result: false,
      leadersOnly: true,
    },
    {
      id: 'I7',
      title: 'Remediation of earlier shortcomings',
      titleVi: 'Kết quả khắc phục hạn chế, khuyết điểm đã được chỉ ra',
      result: false,
    },
  ],
};

/** 124-QĐ/TW as applied by 08-HD/ThU of 24/11/2023 (seed 004). */
export const QD124_2023: RulePack = {
  code: 'QD124-2023',
  name: '124-QĐ/TW, 08-HD/ThU (2023)',
  sources: ['004'],
  scoring: { model: 'GRADED' },
  quota: {
    ratio: 0.2,
    rounding: 'DOWN',
    raisedRatio: null,
    raiseSource: null,
    peerGroup: 'KIND',
    smallGroupThreshold: 5,
    smallGroupComparison: '<',
    smallGroupRequiresAllGood: true,
    source: '004 §II.5.1.1, §II.5.2.1',
    smallGroupSource: '004 §II.7.17',
  },
  votes: {
    secretBallot: true,
    memberProposalFirst: true,
    proposalRoundQuota: true,
    source: '001 §V; 004 §II.4.1–4.3',
    proposalSource: '004 §II.4.3; 001 appendix §3; 003 §4.4',
  },
  eligibility: { minMonths: 6, source: '004 §II.1.2, §II.7.11–7.12', sickLeaveMonths: 3 },
  headClause: { professionalRatedBy: 'SUPERIOR_BODY', secretaryClause: true, transferredInException: true, source: '004 §II.5.2.1' },
  headCapSource: '004 §II.7.15',
  individual: {
    excellentTargetsExceeded: { atLeast: 0.5 },
    excellentColleagues: { atLeast: 0.9 },
    goodColleagues: { atLeast: 0.9 },
    completeColleagues: { atLeast: 0.9 },
    excellentResidents: { atLeast: 0.8 },
    goodResidents: { atLeast: 0.75 },
    completeResidents: { atLeast: 0.7 },
    completeCriteriaShortMax: { atMost: 0.2 },
    leaderExcellentAreaExceeded: { atLeast: 0.5 },
    leaderExcellentUnitsComplete: { atLeast: 1 },
    leaderExcellentUnitsGood: { atLeast: 0.7 },
    leaderAreaDone: { moreThan: 0.7 },
    leaderUnitsComplete: { atLeast: 0.7 },
    notCompleteResultCriteriaFailed: { moreThan: 0.5 },
    notCompleteLowConfidence: { moreThan: 0.5 },
    notCompleteResidentsNegative: { moreThan: 0.5 },
  },
  collective: {
    excellentSubordinatesGood: { atLeast: 0.8 },
    goodSubordinatesGood: { atLeast: 0.5 },
    notCompleteTargetsDone: { lessThan: 0.5 },
    notCompleteSubordinatesDisciplined: { moreThan: 0.2 },
  },
  templates: {
    PARTY_ORGANIZATION: PARTY_ORGANIZATION_TEMPLATE,
    LEADERSHIP_COLLECTIVE: COLLECTIVE_TEMPLATE,
    PARTY_MEMBER: INDIVIDUAL_TEMPLATE,
    LEADER: INDIVIDUAL_TEMPLATE,
  },
  periods: { partNotCompleteBarsExcellent: false, source: 'DOMAIN §16' },
  process: {
    draftReportWorkingDays: 3,
    draftReportSource: '004 §I.4.1.1',
    smallCollectiveMembers: 3,
    smallCollectiveSource: '004 §II.7.4',
    reverifyOnConcern: false,
    reverifier: 'ABOVE_DECIDER',
    reverificationSource: '004 §I.4.1.1',
  },
  dossier: DOSSIER_124,
  civilService: null,
  parameters: [
    {
      path: 'quota.ratio',
      status: 'TEXT',
      source: '004 §II.5.1.1, §II.5.2.1',
      meaning: 'EXCELLENT may not exceed this share of those rated GOOD or higher',
    },
    { path: 'quota.smallGroupThreshold', status: 'TEXT', source: '004 §II.7.17', meaning: 'a group this small may have one EXCELLENT' },
    {
      path: 'quota.smallGroupComparison',
      status: 'TEXT',
      source: '004 §II.7.17; 003 §4.4',
      meaning: '"<" or "<=": whether a group of exactly the threshold is small',
      note: '"dưới" in 004, "trở xuống" in 003',
    },
    {
      path: 'quota.smallGroupRequiresAllGood',
      status: 'TEXT',
      source: '004 §II.7.17; 003 §4.4',
      meaning: 'the small-group EXCELLENT needs the whole group GOOD (004) or only the one chosen (003)',
    },
    {
      path: 'eligibility.minMonths',
      status: 'TEXT',
      source: '004 §II.1.2',
      meaning: 'months of membership or post before a subject is rated',
    },
    {
      path: 'process.smallCollectiveMembers',
      status: 'TEXT',
      source: '004 §II.7.4',
      meaning: 'a leadership collective of fewer members is reviewed at its party organization or its agency’s collective',
    },
    {
      path: 'process.draftReportWorkingDays',
      status: 'TEXT',
      source: '004 §I.4.1.1',
      meaning: 'the draft report reaches the members at least this many working days before the review meeting',
    },
    {
      path: 'headClause.transferredInException',
      status: 'TEXT',
      source: '004 §II.7.15; 003 §4.4',
      meaning: 'a head transferred in and unconnected with the unit escapes the head cap',
    },
  ],
};
