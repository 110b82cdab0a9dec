import { Arg, Args, Ctx as Context, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Ctx, requireViewer } from '../context';
import { CycleType, DeadlineType, DelegationConnection, DelegationType } from '../schema/cycle-types';
import { PageArgs } from '../schema/pagination';
import { allCycles, cycleByCode, cycleParts, delegationsPage } from '../data/cycles';
import { BodyType, UnitType } from '../schema/tree-types';

@Resolver(() => CycleType)
export class CycleResolver {
  @Query(() => [CycleType], { description: 'All cycles, newest first.' })
  async cycles(@Context() ctx: Ctx): Promise<CycleType[]> {
    requireViewer(ctx);
    return allCycles(ctx.session.em);
  }

  @Query(() => CycleType, { nullable: true })
  async cycle(@Arg('code') code: string, @Context() ctx: Ctx): Promise<CycleType | null> {
    requireViewer(ctx);
    return cycleByCode(ctx.session.em, code);
  }

  @FieldResolver(() => UnitType, { nullable: true, description: 'The unit whose guidance the cycle follows; null = nationwide.' })
  locality(@Root() c: CycleType, @Context() ctx: Ctx) {
    return c.localityId ? ctx.loaders.unit.load(c.localityId) : null;
  }

  @FieldResolver(() => CycleType, {
    nullable: true,
    description: 'The cycle this one is part of: a quarter’s year, a year’s term (366-QĐ/TW Art. 1, 15).',
  })
  partOf(@Root() c: CycleType, @Context() ctx: Ctx) {
    return c.partOfId ? ctx.loaders.cycle.load(c.partOfId) : null;
  }

  @FieldResolver(() => [CycleType], {
    description: 'The cycles that are part of this one (a year’s quarters, a term’s years), earliest first.',
  })
  parts(@Root() c: CycleType, @Context() ctx: Ctx): Promise<CycleType[]> {
    return cycleParts(ctx.session.em, c.dbId);
  }

  @FieldResolver(() => [DeadlineType], { description: 'Deadlines per tier and task, earliest first.' })
  deadlines(@Root() c: CycleType, @Context() ctx: Ctx) {
    return ctx.loaders.deadlinesByCycle.load(c.dbId);
  }

  @FieldResolver(() => DelegationConnection, { description: 'The delegation matrix of the cycle, by code.' })
  delegations(@Root() c: CycleType, @Args() page: PageArgs, @Context() ctx: Ctx) {
    return delegationsPage(ctx.session.em, c.dbId, page);
  }
}

@Resolver(() => DelegationType)
export class DelegationResolver {
  @FieldResolver(() => CycleType)
  cycle(@Root() d: DelegationType, @Context() ctx: Ctx) {
    return ctx.loaders.cycle.load(d.cycleId);
  }

  @FieldResolver(() => BodyType, { nullable: true, description: 'Who delegated; null for direct authority.' })
  delegator(@Root() d: DelegationType, @Context() ctx: Ctx) {
    return d.delegatorBodyId ? ctx.loaders.body.load(d.delegatorBodyId) : null;
  }

  @FieldResolver(() => BodyType)
  delegate(@Root() d: DelegationType, @Context() ctx: Ctx) {
    return ctx.loaders.body.load(d.delegateBodyId);
  }

  @FieldResolver(() => UnitType)
  scopeUnit(@Root() d: DelegationType, @Context() ctx: Ctx) {
    return ctx.loaders.unit.load(d.scopeUnitId);
  }

  @FieldResolver(() => [BodyType], { description: 'Bodies that must be consulted before deciding.' })
  async consult(@Root() d: DelegationType, @Context() ctx: Ctx): Promise<BodyType[]> {
    const bodies = await ctx.loaders.body.loadMany(d.consultBodyIds);
    return bodies.filter((b): b is BodyType => b instanceof BodyType);
  }

  @FieldResolver(() => BodyType, {
    nullable: true,
    description: "When set, the row covers only subjects on this body's management list in the cycle (diện … quản lý).",
  })
  listedBy(@Root() d: DelegationType, @Context() ctx: Ctx) {
    return d.listedByBodyId ? ctx.loaders.body.load(d.listedByBodyId) : null;
  }

  @FieldResolver(() => BodyType, {
    nullable: true,
    description: 'The row leaves out subjects on this body\'s management list ("except …").',
  })
  exceptListedBy(@Root() d: DelegationType, @Context() ctx: Ctx) {
    return d.exceptListedByBodyId ? ctx.loaders.body.load(d.exceptListedByBodyId) : null;
  }

  @FieldResolver(() => BodyType, { nullable: true, description: 'Who compiles and verifies (Ban Tổ chức, Phòng Nội vụ).' })
  compiler(@Root() d: DelegationType, @Context() ctx: Ctx) {
    return d.compilerBodyId ? ctx.loaders.body.load(d.compilerBodyId) : null;
  }
}
