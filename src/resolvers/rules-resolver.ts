import { Arg, Ctx as Context, Int, Query, Resolver } from 'type-graphql';
import { Ctx, requireViewer } from '../context';
import { badInput } from '../errors';
import { SUBJECT_KINDS } from '../model/kinds';
import { Level, checkQuota } from '../rules';
import { RatingLevelEnum } from '../schema/enums';
import { QuotaCheckType, RulePackType } from '../schema/rules-types';
import { rulesAt } from '../services/effective-rules';
import { valueAt } from '../rules/packs/effective-pack';

async function cycleAndUnit(ctx: Ctx, cycle: string, unit: string) {
  const [row] = await ctx.session.em.query(
    `SELECT c.id AS "cycleId", u.path FROM cycle c, unit u WHERE c.code = $1 AND u.code = $2`, [cycle, unit]);
  if (!row) throw badInput('no such cycle or unit', { cycle, unit }, 'cycle');
  return rulesAt(ctx.session.em, row.cycleId, row.path);
}

@Resolver()
export class RulesResolver {
  @Query(() => RulePackType, { description: 'The rules in force for a cycle at a unit (pack + local parameters), with the criteria templates.' })
  async rules(@Arg('cycle') cycle: string, @Arg('unit') unit: string, @Context() ctx: Ctx): Promise<RulePackType> {
    requireViewer(ctx);
    const pack = await cycleAndUnit(ctx, cycle, unit);
    return {
      code: pack.code, name: pack.name, sources: pack.sources, scoringModel: pack.scoring.model, quota: pack.quota,
      eligibilityMonths: pack.eligibility.minMonths, headClause: pack.headClause, votes: pack.votes,
      templates: SUBJECT_KINDS.map((k) => ({ subjectKind: k, ...pack.templates[k] })),
      parameters: pack.parameters.map((x) => ({ ...x, value: JSON.stringify(valueAt(pack, x.path)) })),
    };
  }

  @Query(() => QuotaCheckType, { description: 'What-if: the quota figures if the subjects of a scope had these levels (DOMAIN §15.1).' })
  async quotaPreview(
    @Arg('cycle') cycle: string, @Arg('unit', { description: 'Unit of the deciding authority (its local parameters apply).' }) unit: string,
    @Arg('eligible', () => Int) eligible: number, @Arg('levels', () => [RatingLevelEnum]) levels: Level[], @Context() ctx: Ctx,
  ): Promise<QuotaCheckType> {
    requireViewer(ctx);
    if (eligible < levels.length || eligible > 1_000_000) throw badInput('eligible must be at least the number of levels given', { eligible, levels: levels.length }, 'eligible');
    const pack = await cycleAndUnit(ctx, cycle, unit);
    return checkQuota(pack.quota, eligible, levels);
  }
}
