import { registerEnumType } from 'type-graphql';
import {
  BODY_KINDS, COLLECTIVE_KINDS, MEMBERSHIP_STATUSES, PERIODS, POST_ROLES, POWERS, SCOPE_MODES, SUBJECT_KINDS, TIERS, UNIT_KINDS,
} from '../model/kinds';

function enumOf<T extends string>(values: readonly T[], name: string, description: string): { [K in T]: K } {
  const e = Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
  registerEnumType(e, { name, description });
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
export const TierEnum = enumOf(TIERS, 'Tier', 'Tier of the tree that a deadline applies to.');
export const PeriodEnum = enumOf(PERIODS, 'Period', 'Length of a rating cycle.');
export const RatingLevelEnum = enumOf(['EXCELLENT', 'GOOD', 'COMPLETE', 'NOT_COMPLETE'] as const, 'RatingLevel', 'Quality levels, high to low (DOMAIN §1).');
export const CriterionGradeEnum = enumOf(['OUTSTANDING', 'GOOD', 'AVERAGE', 'POOR'] as const, 'CriterionGrade', 'Grades of one criterion, high to low (DOMAIN §1).');
