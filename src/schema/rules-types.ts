import { Field, Float, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

@ObjectType('QuotaRule', { description: 'EXCELLENT ≤ ratio × GOOD pool, with the small-group exception (DOMAIN §8, §15.1).' })
export class QuotaRuleType {
  @Field(() => Float) ratio: number;
  @Field(() => Int) smallGroupThreshold: number;
  @Field({ description: '"<" (004 §II.7.17) or "<=" (003 §4.4).' }) smallGroupComparison: string;
  @Field() smallGroupRequiresAllGood: boolean;
  @Field() source: string;
  @Field() smallGroupSource: string;
}

@ObjectType('HeadClause', { description: "How an EXCELLENT head depends on the unit (DOMAIN §7.4); changed between 2023 and 2024." })
export class HeadClauseType {
  @Field({ description: 'Who rates the unit professionally for an EXCELLENT head: SUPERIOR_BODY (2023) or COMPETENT_AUTHORITY (2024, 000 §11(4)).' }) professionalRatedBy: string;
  @Field() secretaryClause: boolean;
  @Field({ description: 'Whether a head transferred in and unconnected with the unit’s level escapes the cap (004 §II.7.15; not in 003 §4.4).' }) transferredInException: boolean;
  @Field() source: string;
}

@ObjectType('VoteRule', { description: 'Which rounds are voted by secret ballot and where the quota holds (001 §V; 004 §II.4.3; 003 §4.4).' })
export class VoteRuleType {
  @Field({ description: 'Decisions, re-ratings and the self-rating of organizations and collectives need their ballot counts.' }) secretBallot: boolean;
  @Field({ description: 'A member decided above the branch is first proposed by the branch’s vote.' }) memberProposalFirst: boolean;
  @Field({ description: 'EXCELLENT ≤ 20% of GOOD holds at each proposal round too (the branch, the leadership collective).' }) proposalRoundQuota: boolean;
  @Field() source: string;
  @Field() proposalSource: string;
}

@ObjectType('Criterion')
export class CriterionType {
  @Field() id: string;
  @Field() title: string;
  @Field() titleVi: string;
  @Field({ description: 'A result criterion, measured by concrete products.' }) result: boolean;
  @Field(() => Boolean, { nullable: true }) leadersOnly?: boolean;
  @Field(() => Int, { nullable: true }) maxPoints?: number;
}

@ObjectType('CriteriaTemplate')
export class CriteriaTemplateType {
  @Field() subjectKind: string;
  @Field() form: string;
  @Field() source: string;
  @Field(() => [CriterionType]) criteria: CriterionType[];
}

@ObjectType('RulePack', { description: 'The rules in force for a cycle at a unit: the pack and the parameters its localities set.' })
export class RulePackType {
  @Field() code: string;
  @Field() name: string;
  @Field(() => [String]) sources: string[];
  @Field({ description: 'GRADED (criteria graded) or POINTS (100-point score).' }) scoringModel: string;
  @Field(() => QuotaRuleType) quota: QuotaRuleType;
  @Field(() => Int) eligibilityMonths: number;
  @Field(() => HeadClauseType) headClause: HeadClauseType;
  @Field(() => VoteRuleType) votes: VoteRuleType;
  @Field(() => [CriteriaTemplateType]) templates: CriteriaTemplateType[];
}

@ObjectType('QuotaFigures')
export class QuotaFiguresType {
  @Field(() => Int) eligible: number;
  @Field(() => Int, { description: 'The GOOD pool: rated GOOD or EXCELLENT.' }) good: number;
  @Field(() => Int) excellent: number;
  @Field(() => Int) maxExcellent: number;
  @Field(() => Int) remaining: number;
  @Field() smallGroup: boolean;
  @Field({ description: 'More EXCELLENT than the maximum: a re-rating lowered someone after the decisions (DOMAIN §15.1).' }) breached: boolean;
}

@ObjectType('Finding', { description: 'A reason a rule gave: rule id, source clause, message, figures.' })
export class FindingType {
  @Field() rule: string;
  @Field() source: string;
  @Field() message: string;
  @Field() messageVi: string;
  @Field(() => GraphQLJSONObject) figures: Record<string, unknown>;
}

@ObjectType('QuotaCheck')
export class QuotaCheckType {
  @Field() ok: boolean;
  @Field(() => QuotaFiguresType) figures: QuotaFiguresType;
  @Field(() => [FindingType]) findings: FindingType[];
}
