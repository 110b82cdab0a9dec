import { Field, Float, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

@ObjectType('QuotaRule', { description: 'EXCELLENT ≤ ratio × GOOD pool, with the small-group exception (DOMAIN §8, §15.1).' })
export class QuotaRuleType {
  @Field(() => Float) ratio: number;
  @Field({ description: 'DOWN, NEAREST or UP: how ratio × GOOD becomes a whole number.' }) rounding: string;
  @Field(() => Float, {
    nullable: true,
    description: 'The ratio a competent level may grant a unit with outstanding results by a recorded decision (366: 0.25).',
  })
  raisedRatio: number | null;
  @Field({ description: 'KIND: all the authority decides of a kind; POSITION: leaders counted by post category (366 peer groups).' })
  peerGroup: string;
  @Field(() => Int) smallGroupThreshold: number;
  @Field({ description: '"<" (004 §II.7.17) or "<=" (003 §4.4).' }) smallGroupComparison: string;
  @Field() smallGroupRequiresAllGood: boolean;
  @Field() source: string;
  @Field() smallGroupSource: string;
}

@ObjectType('HeadClause', { description: 'How an EXCELLENT head depends on the unit (DOMAIN §7.4); changed between 2023 and 2024.' })
export class HeadClauseType {
  @Field(() => String, {
    nullable: true,
    description:
      'Who rates the unit professionally for an EXCELLENT head: SUPERIOR_BODY (2023) or COMPETENT_AUTHORITY (2024, 000 §11(4)); null where the pack has no such clause.',
  })
  professionalRatedBy: string | null;
  @Field() secretaryClause: boolean;
  @Field({
    description: 'Whether a head transferred in and unconnected with the unit’s level escapes the cap (004 §II.7.15; not in 003 §4.4).',
  })
  transferredInException: boolean;
  @Field() source: string;
}

@ObjectType('VoteRule', {
  description: 'Which rounds are voted by secret ballot and where the quota holds (001 §V; 004 §II.4.3; 003 §4.4).',
})
export class VoteRuleType {
  @Field({ description: 'Decisions, re-ratings and the self-rating of organizations and collectives need their ballot counts.' })
  secretBallot: boolean;
  @Field({ description: 'A member decided above the branch is first proposed by the branch’s vote.' }) memberProposalFirst: boolean;
  @Field({ description: 'EXCELLENT ≤ 20% of GOOD holds at each proposal round too (the branch, the leadership collective).' })
  proposalRoundQuota: boolean;
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

@ObjectType('PackParameter', {
  description: 'A value of the pack a locality may set for a cycle (dataset ruleParameters.set), with its provenance (docs/rules.md).',
})
export class PackParameterType {
  @Field({ description: 'Its path in the pack, e.g. scoring.excellentMin.' }) path: string;
  @Field({ description: 'The value in force here, as JSON.' }) value: string;
  @Field({ description: 'TEXT (the seeds’ signed text), Q (quoted by two sources), R (reported by one), U (unconfirmed).' }) status: string;
  @Field({ description: 'Where the default comes from.' }) source: string;
  @Field() meaning: string;
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
  @Field(() => [PackParameterType], { description: 'What a locality may set, with the values in force here.' })
  parameters: PackParameterType[];
}

@ObjectType('QuotaFigures')
export class QuotaFiguresType {
  @Field(() => Int) eligible: number;
  @Field(() => Int, { description: 'The GOOD pool: rated GOOD or EXCELLENT.' }) good: number;
  @Field(() => Int) excellent: number;
  @Field(() => Int) maxExcellent: number;
  @Field(() => Int) remaining: number;
  @Field() smallGroup: boolean;
  @Field({ description: 'More EXCELLENT than the maximum: a re-rating lowered someone after the decisions (DOMAIN §15.1).' })
  breached: boolean;
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
