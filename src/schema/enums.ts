import { registerEnumType } from 'type-graphql';
import {
  BODY_KINDS,
  COLLECTIVE_KINDS,
  MEMBERSHIP_STATUSES,
  PERIODS,
  POST_ROLES,
  POWERS,
  SCOPE_MODES,
  SEATS,
  SPLIT_ITEM_KINDS,
  SUBJECT_KINDS,
  TIERS,
  UNIT_KINDS,
} from '../model/kinds';
import { COVERAGE_PROBLEMS } from '../reports/matrix-coverage';
import { STAGES } from '../rules/stages';
import { NOT_RATED_REASONS } from '../rules/eligibility';
import { USER_ERROR_CODES, UserErrorCode } from '../services/refusal';

function enumOf<T extends string>(
  values: readonly T[],
  name: string,
  description: string,
  valueDescriptions?: Record<T, string>,
): { [K in T]: K } {
  const e = Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
  const valuesConfig =
    valueDescriptions &&
    (Object.fromEntries(values.map((v) => [v, { description: valueDescriptions[v] }])) as Partial<Record<T, { description: string }>>);
  registerEnumType(e, { name, description, ...(valuesConfig ? { valuesConfig } : {}) });
  return e;
}

export const UnitKindEnum = enumOf(UNIT_KINDS, 'UnitKind', 'Kind of a node of the governance tree.');
export const BodyKindEnum = enumOf(BODY_KINDS, 'BodyKind', 'Kind of an organ at a unit.');
export const CollectiveKindEnum = enumOf(COLLECTIVE_KINDS, 'CollectiveKind', 'Kind of a leadership collective.');
export const MembershipStatusEnum = enumOf(MEMBERSHIP_STATUSES, 'MembershipStatus', 'Party membership status (DOMAIN §3).');
export const PostRoleEnum = enumOf(POST_ROLES, 'PostRole', 'Head, deputy or member of the body or unit.');
export const SubjectKindEnum = enumOf(SUBJECT_KINDS, 'SubjectKind', 'The four kinds of rating subject; the quota counts within one kind.');
export const PowerEnum = enumOf(POWERS, 'Power', 'What a delegation row lets the delegate do: decide, or only propose upward.');
export const ScopeModeEnum = enumOf(SCOPE_MODES, 'ScopeMode', 'Which units below its scope unit a delegation row covers.');
export const SeatEnum = enumOf(
  SEATS,
  'Seat',
  'A seat in a party committee: its standing committee, its executive committee, or a branch committee.',
);
export const TierEnum = enumOf(TIERS, 'Tier', 'Tier of the tree that a deadline applies to.');
export const PeriodEnum = enumOf(PERIODS, 'Period', 'Length of a rating cycle.');
export const RatingLevelEnum = enumOf(
  ['EXCELLENT', 'GOOD', 'COMPLETE', 'NOT_COMPLETE'] as const,
  'RatingLevel',
  'Quality levels, high to low (DOMAIN §1).',
);
export const CriterionGradeEnum = enumOf(
  ['OUTSTANDING', 'GOOD', 'AVERAGE', 'POOR'] as const,
  'CriterionGrade',
  'Grades of one criterion, high to low (DOMAIN §1).',
);
export const StageEnum = enumOf(STAGES, 'Stage', 'Stages of a rating (src/rules/stages.ts).');
export const UserErrorCodeEnum = enumOf(
  Object.keys(USER_ERROR_CODES) as UserErrorCode[],
  'UserErrorCode',
  'Why an input or a rule refused a mutation. Authority refusals are top-level errors instead: FORBIDDEN, or NOT_FOUND where existence must not leak.',
  USER_ERROR_CODES,
);
export const CoverageProblemEnum = enumOf(COVERAGE_PROBLEMS, 'CoverageProblem', 'What is wrong with the matrix for one subject.', {
  NO_AUTHORITY: 'No row in force decides the subject: it would stay unrated.',
  PROPOSED_ONLY: 'Only a proposing row reaches the subject: its decider is outside the dataset (the Central for a province) or missing.',
  SEVERAL_AUTHORITIES: 'More than one row in force decides the subject.',
});
export const SplitItemKindEnum = enumOf(SPLIT_ITEM_KINDS, 'SplitItemKind', 'What a split gives to a part.', {
  MEMBER: 'A party member of the unit, by person code.',
  POST: 'A post held at the unit on the day.',
  UNIT: 'A unit directly below it, with its subtree.',
  BODY: 'A body of the unit, with its collectives.',
});
export const NotRatedReasonEnum = enumOf(
  NOT_RATED_REASONS,
  'NotRatedReason',
  'Why a subject is reviewed but not rated (DOMAIN §3; 004 §II.1.2, §II.7.5–7.12).',
);
export const SubjectStageEnum = enumOf(
  [...STAGES, 'NOT_STARTED'] as const,
  'SubjectStage',
  'The stage of a subject’s rating in a report: a rating stage, or NOT_STARTED when none was opened.',
);
export const LevelCountKeyEnum = enumOf(
  ['EXCELLENT', 'GOOD', 'COMPLETE', 'NOT_COMPLETE', 'NOT_RATED', 'PENDING'] as const,
  'LevelCountKey',
  'A level counted in a report, or NOT_RATED (reviewed, not rated) or PENDING (not decided yet).',
);
export const COMPLAINT_STATUSES = ['OPEN', 'RESOLVED_CHANGED', 'RESOLVED_UNCHANGED'] as const;
export const ComplaintStatusEnum = enumOf(COMPLAINT_STATUSES, 'ComplaintStatus', 'Where a complaint stands.');
export const ConcernKindEnum = enumOf(
  ['COMPLAINT', 'DISUNITY'] as const,
  'ConcernKind',
  'What calls for a re-verification by the committee above before the decision (366-QĐ/TW Art. 12).',
  {
    COMPLAINT: 'A complaint or denunciation received about the subject.',
    DISUNITY: 'Signs of disunity observed in the subject or its collective.',
  },
);
export const ConsultationPurposeEnum = enumOf(
  ['OPINION', 'REVERIFICATION', 'TRANSFER'] as const,
  'ConsultationPurpose',
  'Why a body is consulted before the decision.',
  {
    OPINION:
      'The opinion a row of the matrix asks for (003 §II.5.2; 004 §II.4.1 step 2): the decider may go ahead without it by a recorded deviation.',
    REVERIFICATION:
      'The re-verification by the committee above after complaints or signs of disunity (366-QĐ/TW Art. 12): the decision waits for it.',
    TRANSFER:
      'The opinion of the committee an organization was transferred from during the year (004 §II.7.11; 000 §11(2)), asked by the workflow itself: given with giveTransferOpinion; the decider may go ahead without it by a recorded deviation.',
  },
);
export const ResidenceGradeEnum = enumOf(
  ['HIGH', 'MIDDLE', 'LOW'] as const,
  'ResidenceGrade',
  'One item of the residence party cell’s feedback (Mẫu 3-213), from the best of its three grades.',
  {
    HIGH: 'The first box of the item (e.g. "Nêu gương tốt").',
    MIDDLE: 'The second box (e.g. "Nêu gương").',
    LOW: 'The third box (e.g. "Chưa nêu gương").',
  },
);
export const DossierStateEnum = enumOf(
  ['PRESENT', 'LATE', 'MISSING', 'DUE'] as const,
  'DossierState',
  'Where an item of a dossier stands against the cycle’s deadline for dossiers.',
  {
    PRESENT: 'Received by the deadline (or there is none).',
    LATE: 'Received after the deadline.',
    MISSING: 'Not received, and the deadline has passed.',
    DUE: 'Not received yet; not due yet.',
  },
);
