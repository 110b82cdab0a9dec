import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Level } from '../rules';
import { RatingLevelEnum } from './enums';
import { toGlobalId } from './global-id';
import { Node } from './node';
import { Connection } from './pagination';
import { FindingType } from './rules-types';
import { UserError } from './payloads';

@ObjectType('Rating', { implements: Node, description: 'The rating of one subject in one cycle, through its stages (DOMAIN §5, §9–§12).' })
export class RatingType implements Node {
  dbId: string;
  cycleId: string;
  subjectKind: string;
  subjectRefId: string;
  authorityBodyId: string | null;
  delegationId: string | null;

  @Field(() => ID) get id(): string { return toGlobalId('Rating', this.dbId); }
  @Field({ description: 'OPEN, SELF_ASSESSED, VERIFIED, PROPOSED, DECIDED, PUBLISHED or NOT_RATED.' }) stage: string;
  @Field(() => String, { nullable: true, description: 'NEW_MEMBER, EXEMPTED, SUSPENDED, NEW_ORGANIZATION, NEW_APPOINTEE or RATED_AT_OTHER_POST.' }) notRatedReason: string | null;
  @Field(() => RatingLevelEnum, { nullable: true }) selfLevel: Level | null;
  @Field(() => RatingLevelEnum, { nullable: true }) proposedLevel: Level | null;
  @Field(() => RatingLevelEnum, { nullable: true }) decidedLevel: Level | null;
  @Field(() => RatingLevelEnum, { nullable: true, description: 'The highest level the standards allowed at the decision (DOMAIN §15.3).' }) ceiling: Level | null;
  @Field(() => [FindingType], { description: 'Why the ceiling is where it is.' }) findings: FindingType[];
  @Field(() => GraphQLJSONObject, { description: 'Recorded facts: criteria, targets, ballots, civil-service level, discipline…' }) facts: Record<string, unknown>;
  @Field(() => String, { nullable: true }) reviewHeldOn: string | null;
  @Field(() => Date, { nullable: true }) verifiedAt: Date | null;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) decisionRef: string | null;
  @Field(() => String, { nullable: true, description: 'Reason recorded for a decision above the ceiling.' }) overrideReason: string | null;
  @Field(() => String, { nullable: true, description: 'The office the deciding body acted through, if any.' }) authorityOffice: string | null;
  @Field(() => Date, { nullable: true }) publishedAt: Date | null;
  @Field(() => Date, { nullable: true }) annulledAt: Date | null;
  @Field(() => String, { nullable: true }) annulReason: string | null;
  @Field(() => String, { nullable: true, description: 'Why a dependent result must be looked at again (after a re-rating).' }) flaggedReason: string | null;
  @Field(() => Int, { description: 'Optimistic version: send it back as expectedVersion.' }) version: number;
}

@ObjectType('Consultation', { description: 'An opinion a body must give before the decision (003 §II.5.2).' })
export class ConsultationType {
  dbId: string;
  bodyId: string;
  @Field(() => ID) get id(): string { return toGlobalId('Consultation', this.dbId); }
  @Field() source: string;
  @Field(() => RatingLevelEnum, { nullable: true }) opinionLevel: Level | null;
  @Field(() => String, { nullable: true }) opinion: string | null;
  @Field(() => Date, { nullable: true }) givenAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why the decision differs from this opinion.' }) deviationReason: string | null;
}

@ObjectType('ReviewSuggestion', { description: 'A review suggestion (gợi ý kiểm điểm) from the upper body, and the answer.' })
export class ReviewSuggestionType {
  dbId: string;
  issuedByBodyId: string;
  @Field(() => ID) get id(): string { return toGlobalId('ReviewSuggestion', this.dbId); }
  @Field() text: string;
  @Field(() => String, { nullable: true }) answer: string | null;
  @Field(() => Date, { nullable: true }) answeredAt: Date | null;
}

export const RatingConnection = Connection(RatingType, 'Rating');

@ObjectType('RatingPayload')
export class RatingPayload {
  @Field(() => RatingType, { nullable: true }) rating: RatingType | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@InputType('BallotsInput', { description: 'Valid ballots per level, and the members convened (not those present).' })
export class BallotsInput {
  @Field(() => Int) convened: number;
  @Field(() => Int, { defaultValue: 0 }) excellent: number;
  @Field(() => Int, { defaultValue: 0 }) good: number;
  @Field(() => Int, { defaultValue: 0 }) complete: number;
  @Field(() => Int, { defaultValue: 0 }) notComplete: number;
}

@InputType('TargetsInput')
export class TargetsInput {
  @Field(() => Int) total: number;
  @Field(() => Int) done: number;
  @Field(() => Int, { defaultValue: 0 }) exceeded: number;
  @Field(() => Int, { defaultValue: 0, description: 'Done but short on quality or timeliness (late, for point packs).' }) short: number;
  @Field({ defaultValue: false }) keyTargetsMissed: boolean;
  @Field({ defaultValue: false }) forceMajeure: boolean;
}

@InputType('CriterionInput')
export class CriterionInput {
  @Field() id: string;
  @Field(() => String, { nullable: true, description: 'OUTSTANDING, GOOD, AVERAGE or POOR (graded packs).' }) grade?: string | null;
  @Field(() => Int, { nullable: true, description: 'Points (point-scored packs).' }) points?: number | null;
}

@InputType('ShareInput', { description: 'A ballot or count: how many of how many.' })
export class ShareInput {
  @Field(() => Int) count: number;
  @Field(() => Int) of: number;
}

@InputType('DisciplineInput')
export class DisciplineInput {
  @Field() disciplined: boolean;
  @Field({ defaultValue: false }) selfDetectedAndRemedied: boolean;
}

@InputType('FactsInput', { description: 'Facts the verifying staff establish (DOMAIN §7). Absent facts are not checked.' })
export class FactsInput {
  @Field(() => RatingLevelEnum, { nullable: true }) civilServiceLevel?: Level | null;
  @Field(() => BallotsInput, { nullable: true, description: "Colleagues' ballots (convened = cast)." }) colleagueBallots?: BallotsInput | null;
  @Field(() => ShareInput, { nullable: true, description: "Residents' positive ballots (years with a residence ballot)." }) residentsPositive?: ShareInput | null;
  @Field(() => ShareInput, { nullable: true }) lowConfidence?: ShareInput | null;
  @Field(() => DisciplineInput, { nullable: true }) discipline?: DisciplineInput | null;
  @Field(() => Boolean, { nullable: true }) degenerated?: boolean | null;
  @Field(() => RatingLevelEnum, { nullable: true, description: 'Head: the unit rated professionally by the superior (2023 clause).' }) unitProfessionalLevel?: Level | null;
  @Field(() => Boolean, { nullable: true, description: 'Head transferred in and unconnected with the unit’s level (004 §II.7.15).' }) transferredInUnconnected?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Secretary who led the unit to an outstanding result.' }) outstandingResult?: boolean | null;
  @Field(() => TargetsInput, { nullable: true, description: 'Leaders: targets of the area led.' }) areaTargets?: TargetsInput | null;
  @Field(() => BallotsInput, { nullable: true, description: 'Leaders: levels of the directly managed units (convened = number of units).' }) managedUnits?: BallotsInput | null;
  @Field(() => DisciplineInput, { nullable: true }) memberDisciplined?: DisciplineInput | null;
  @Field(() => DisciplineInput, { nullable: true }) subordinateCorruption?: DisciplineInput | null;
  @Field(() => ShareInput, { nullable: true }) subordinatesDisciplined?: ShareInput | null;
}

@InputType('DeviationInput')
export class DeviationInput {
  @Field(() => ID) consultation: string;
  @Field() reason: string;
}

@ObjectType('AuditChainCheck')
export class AuditChainCheckType {
  @Field() valid: boolean;
  @Field(() => Int) checked: number;
  @Field(() => String, { nullable: true, description: 'Id of the first event where the chain breaks.' }) firstBrokenId: string | null;
  @Field(() => String, { nullable: true }) reason: string | null;
}
