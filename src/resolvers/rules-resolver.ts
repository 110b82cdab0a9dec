import { Arg, Ctx as Context, ID, Int, Query, Resolver } from 'type-graphql';
import { Ctx, requireViewer } from '../context';
import { badInput } from '../errors';
import { SUBJECT_KINDS } from '../model/kinds';
import { Level, checkQuota } from '../rules';
import { RatingLevelEnum } from '../schema/enums';
import { QuotaCheckType, RulePackType } from '../schema/rules-types';
import { rulesAt } from '../services/effective-rules';
import { valueAt } from '../rules/packs/effective-pack';
import { unitNamed } from './lookup';
import { cycleByCode } from '../data/cycles';

async function cycleAndUnit(ctx: Ctx, cycle: string, unit: string | null | undefined, unitId: string | null | undefined) {
  const { path } = await unitNamed(ctx, unit, unitId);
  const found = await cycleByCode(ctx.session.em, cycle);
  if (!found) throw badInput('cycle: no such cycle', { cycle }, 'cycle');
  return rulesAt(ctx.session.em, found.dbId, path);
}

const UNIT_ID = { nullable: true, description: 'The unit by its id (instead of, or naming the same as, unit).' };

@Resolver()
export class RulesResolver {
  @Query(() => RulePackType, {
    description: 'The rules in force for a cycle at a unit (pack + local parameters), with the criteria templates.',
  })
  async rules(
    @Arg('cycle') cycle: string,
    @Arg('unit', () => String, { nullable: true, description: 'The unit by its code.' }) unit: string | null,
    @Arg('unitId', () => ID, UNIT_ID) unitId: string | null,
    @Context() ctx: Ctx,
  ): Promise<RulePackType> {
    requireViewer(ctx);
    const pack = await cycleAndUnit(ctx, cycle, unit, unitId);
    return {
      code: pack.code,
      name: pack.name,
      sources: pack.sources,
      scoringModel: pack.scoring.model,
      quota: pack.quota,
      eligibilityMonths: pack.eligibility.minMonths,
      headClause: pack.headClause,
      votes: pack.votes,
      templates: SUBJECT_KINDS.map((k) => ({ subjectKind: k, ...pack.templates[k] })),
      parameters: pack.parameters.map((x) => ({ ...x, value: JSON.stringify(valueAt(pack, x.path)) })),
    };
  }

  @Query(() => QuotaCheckType, {
    description:
      'A calculator: the quota figures if the subjects of a scope had these levels (DOMAIN §15.1), whatever is recorded. For the decision screen, simulateDecisions starts from the decisions recorded in each scope.',
  })
  async quotaPreview(
    @Arg('cycle') cycle: string,
    @Arg('unit', () => String, { nullable: true, description: 'Unit of the deciding authority (its local parameters apply), by its code.' })
    unit: string | null,
    @Arg('unitId', () => ID, UNIT_ID) unitId: string | null,
    @Arg('eligible', () => Int) eligible: number,
    @Arg('levels', () => [RatingLevelEnum]) levels: Level[],
    @Context() ctx: Ctx,
  ): Promise<QuotaCheckType> {
    requireViewer(ctx);
    if (eligible < levels.length || eligible > 1_000_000)
      throw badInput('eligible must be at least the number of levels given', { eligible, levels: levels.length }, 'eligible');
    const pack = await cycleAndUnit(ctx, cycle, unit, unitId);
    return checkQuota(pack.quota, eligible, levels);
  }
}
