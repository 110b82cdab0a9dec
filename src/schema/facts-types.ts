import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { CeilingFacts, Level } from '../rules';
import { ConcernKindEnum, CriterionGradeEnum, RatingLevelEnum, ResidenceGradeEnum } from './enums';

/** The recorded facts of a rating as typed objects (the same as `Rating.facts`, which stays for tools that want the JSON). */

@ObjectType('CriterionScore', { description: 'One criterion of the template as graded (or scored, in point packs).' })
export class CriterionScoreType {
  @Field() id: string;
  @Field(() => CriterionGradeEnum, { nullable: true }) grade: string | null;
  @Field(() => Int, { nullable: true }) points: number | null;
}

@ObjectType('Concern', { description: 'A complaint or signs of disunity recorded before the decision (366-QĐ/TW Art. 12).' })
export class ConcernType {
  @Field(() => ConcernKindEnum) kind: string;
  @Field() note: string;
  @Field(() => Date) recordedAt: Date;
}

@ObjectType('RecordedTargets', { description: 'Tasks or targets: how many, done, exceeded, and done short of quality or time.' })
class TargetsType {
  @Field(() => Int) total: number;
  @Field(() => Int) done: number;
  @Field(() => Int) exceeded: number;
  @Field(() => Int, { nullable: true }) short: number | null;
  @Field(() => Boolean, { nullable: true }) keyTargetsMissed: boolean | null;
  @Field(() => Boolean, { nullable: true }) forceMajeure: boolean | null;
}

@ObjectType('RecordedDiscipline')
class DisciplineType {
  @Field() disciplined: boolean;
  @Field(() => Boolean, { nullable: true }) selfDetectedAndRemedied: boolean | null;
  @Field(() => Boolean, { nullable: true }) committedInEarlierPeriod: boolean | null;
  @Field(() => Boolean, { nullable: true }) atPreviousUnit: boolean | null;
  @Field(() => Boolean, { nullable: true }) unrelatedToDuty: boolean | null;
}

@ObjectType('RecordedLevelCounts', { description: 'How many at each level.' })
class LevelCountsType {
  @Field(() => Int) excellent: number;
  @Field(() => Int) good: number;
  @Field(() => Int) complete: number;
  @Field(() => Int) notComplete: number;
}

@ObjectType('RecordedBallots', { description: 'Ballots on a person: cast, and how many for each level or how many low or negative.' })
class BallotsType {
  @Field(() => Int) cast: number;
  @Field(() => Int, { nullable: true }) excellent: number | null;
  @Field(() => Int, { nullable: true }) good: number | null;
  @Field(() => Int, { nullable: true }) complete: number | null;
  @Field(() => Int, { nullable: true }) low: number | null;
  @Field(() => Int, { nullable: true }) positive: number | null;
  @Field(() => Int, { nullable: true }) neutral: number | null;
  @Field(() => Int, { nullable: true }) negative: number | null;
}

@ObjectType('RecordedProduct')
class ProductType {
  @Field(() => Float) units: number;
  @Field(() => Float) quantity: number;
  @Field(() => Int) majorErrors: number;
  @Field(() => Int) delays: number;
  @Field(() => Boolean, { nullable: true }) objectiveCause: boolean | null;
}

@ObjectType('RecordedCivilServiceResults', { description: 'A civil servant’s task results of the period (335/2025/NĐ-CP).' })
class CivilServiceResultsType {
  @Field(() => Float) generalPoints: number;
  @Field(() => [ProductType]) products: ProductType[];
}

@ObjectType('RecordedLeaderArea', { description: 'A leader’s area: its targets, the units managed by level, corruption within it.' })
class LeaderAreaType {
  @Field(() => TargetsType) targets: TargetsType;
  @Field(() => LevelCountsType) managedUnits: LevelCountsType;
  @Field(() => DisciplineType, { nullable: true }) corruption: DisciplineType | null;
}

@ObjectType('RecordedShare')
class ShareType {
  @Field(() => Int) count: number;
  @Field(() => Int) total: number;
}

@ObjectType('RecordedShortcomings')
class ShortcomingsType {
  @Field(() => Int) found: number;
  @Field(() => Int) remedied: number;
}

@ObjectType('RecordedResidenceFeedback', { description: 'The residence party cell’s feedback (Mẫu 3-213).' })
class ResidenceFeedbackType {
  @Field() cell: string;
  @Field(() => [ResidenceGradeEnum], { description: 'A grade for each of the six items of the sheet, in order.' }) grades: string[];
  @Field(() => String, { nullable: true }) comment: string | null;
  @Field(() => String, { nullable: true, description: 'The commune or ward party committee that confirmed it.' }) confirmedBy:
    string | null;
  @Field(() => Date) recordedAt: Date;
}

@ObjectType('PreviousOrganization', { description: 'The party organization a member moved from during the year (004 §II.7.13).' })
export class PreviousOrganizationType {
  @Field() name: string;
  @Field(() => Int) months: number;
  @Field(() => String, { nullable: true }) comment: string | null;
}

@ObjectType('TemporaryBranch', { description: 'The branch a member is attached to temporarily (004 §II.7.14).' })
export class TemporaryBranchType {
  @Field() name: string;
  @Field(() => String, { nullable: true }) comment: string | null;
}

@ObjectType('CommitteeSuspension', {
  description:
    'Suspended from committee activity (đình chỉ sinh hoạt cấp ủy): the review covered the time before, held at the branch (004 §II.7.16).',
})
export class CommitteeSuspensionType {
  @Field({ description: 'The committee.' }) body: string;
  @Field() suspendedOn: string;
  @Field({ description: 'The reference of the suspension decision.' }) decisionRef: string;
}

@ObjectType('RatingFacts', {
  description: 'What was recorded for the rating and what the standards read (DOMAIN §7), typed; absent: not recorded.',
})
export class RatingFactsType {
  @Field(() => [CriterionScoreType], { nullable: true }) criteria: CriterionScoreType[] | null;
  @Field(() => TargetsType, { nullable: true }) targets: TargetsType | null;
  @Field(() => DisciplineType, { nullable: true }) discipline: DisciplineType | null;
  @Field(() => Boolean, { nullable: true }) degenerated: boolean | null;
  @Field(() => RatingLevelEnum, { nullable: true }) civilServiceLevel: Level | null;
  @Field(() => RatingLevelEnum, { nullable: true, description: 'A civil servant’s own civil-service level (Mẫu 02, part VII.1).' })
  selfCivilServiceLevel: Level | null;
  @Field(() => String, { nullable: true, description: 'The comment of whoever manages and employs the civil servant.' }) managerComment:
    string | null;
  @Field(() => CivilServiceResultsType, { nullable: true }) civilServiceResults: CivilServiceResultsType | null;
  @Field(() => BallotsType, { nullable: true }) colleagueBallots: BallotsType | null;
  @Field(() => BallotsType, { nullable: true }) residentBallots: BallotsType | null;
  @Field(() => BallotsType, { nullable: true }) confidenceVote: BallotsType | null;
  @Field(() => LeaderAreaType, { nullable: true }) leaderArea: LeaderAreaType | null;
  @Field(() => Boolean, { nullable: true, description: 'A head transferred in and unconnected with the unit (004 §II.7.15).' })
  transferredInUnconnected: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'A secretary who led the unit to an outstanding result.' }) outstandingResult:
    boolean | null;
  @Field(() => ShareType, { nullable: true }) subordinatesDisciplined: ShareType | null;
  @Field(() => DisciplineType, { nullable: true }) subordinateCorruption: DisciplineType | null;
  @Field(() => DisciplineType, { nullable: true }) memberDisciplined: DisciplineType | null;
  @Field(() => ShortcomingsType, { nullable: true }) previousShortcomings: ShortcomingsType | null;
  @Field(() => DisciplineType, { nullable: true }) personnelViolation: DisciplineType | null;
  @Field(() => Boolean, { nullable: true }) notExemplary: boolean | null;
  @Field(() => Boolean, { nullable: true }) outsidePoliticalSystem: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Months of sick leave in the year (004 §II.7.12).' }) sickLeaveMonths: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Maternity leave in the year (004 §II.7.12).' }) maternityLeave: boolean | null;
  @Field(() => PreviousOrganizationType, { nullable: true }) previousOrganization: PreviousOrganizationType | null;
  @Field(() => TemporaryBranchType, { nullable: true }) temporaryBranch: TemporaryBranchType | null;
  @Field(() => CommitteeSuspensionType, { nullable: true }) committeeSuspension: CommitteeSuspensionType | null;
  @Field(() => [ConcernType], { nullable: true }) concerns: ConcernType[] | null;
  @Field(() => String, { nullable: true }) reverificationRef: string | null;
  @Field(() => ResidenceFeedbackType, { nullable: true }) residenceFeedback: ResidenceFeedbackType | null;
}

const counts = (c: Record<Level, number> | undefined) =>
  c && { excellent: c.EXCELLENT ?? 0, good: c.GOOD ?? 0, complete: c.COMPLETE ?? 0, notComplete: c.NOT_COMPLETE ?? 0 };

/** The typed view of stored facts; keys the schema does not know are left to `Rating.facts`. */
export function typedFacts(f: Partial<CeilingFacts>): RatingFactsType {
  return Object.assign(new RatingFactsType(), {
    criteria: f.criteria?.map((c) => ({ id: c.id, grade: c.grade ?? null, points: c.points ?? null })) ?? null,
    targets: f.targets ?? null,
    discipline: f.discipline ?? null,
    degenerated: f.degenerated ?? null,
    civilServiceLevel: f.civilServiceLevel ?? null,
    sickLeaveMonths: f.sickLeaveMonths ?? null,
    maternityLeave: f.maternityLeave ?? null,
    previousOrganization: f.previousOrganization ?? null,
    temporaryBranch: f.temporaryBranch ?? null,
    committeeSuspension: f.committeeSuspension ?? null,
    civilServiceResults: f.civilServiceResults ?? null,
    selfCivilServiceLevel: f.selfCivilServiceLevel ?? null,
    managerComment: f.managerComment?.text ?? null,
    colleagueBallots: f.colleagueBallots ?? null,
    residentBallots: f.residentBallots ?? null,
    confidenceVote: f.confidenceVote ?? null,
    leaderArea: f.leaderArea ? { ...f.leaderArea, managedUnits: counts(f.leaderArea.managedUnits) } : null,
    transferredInUnconnected: f.head?.transferredInUnconnected ?? null,
    outstandingResult: f.secretary?.outstandingResult ?? null,
    subordinatesDisciplined: f.subordinatesDisciplined ?? null,
    subordinateCorruption: f.subordinateCorruption ?? null,
    memberDisciplined: f.memberDisciplined ?? null,
    previousShortcomings: f.previousShortcomings ?? null,
    personnelViolation: f.personnelViolation ?? null,
    notExemplary: f.notExemplary ?? null,
    outsidePoliticalSystem: f.outsidePoliticalSystem ?? null,
    concerns:
      f.concerns?.map((c) => Object.assign(new ConcernType(), { kind: c.kind, note: c.note, recordedAt: new Date(c.recordedAt) })) ?? null,
    reverificationRef: f.reverificationRef ?? null,
    residenceFeedback: f.residenceFeedback ? { ...f.residenceFeedback, recordedAt: new Date(f.residenceFeedback.recordedAt) } : null,
  });
}
