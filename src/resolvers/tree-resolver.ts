import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx as Context, Field, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { Ctx, requireViewer } from '../context';
import { isIsoDate } from '../dataset/field-reader';
import { badInput } from '../errors';
import { UnitKind } from '../model/kinds';
import { MembershipStatusEnum, UnitKindEnum } from '../schema/enums';
import { dbIdOf } from '../schema/global-id';
import { PageArgs } from '../schema/pagination';
import { selectionOf } from '../schema/selection';
import { MembershipConnection, PostType } from '../schema/people-types';
import { childrenAsOf, membersPage, rootUnits, unitByCode, unitHistory, unitSuccession, unitsAsOf, unitsPage } from '../data/units';
import { BodyType, CollectiveType, UnitConnection, UnitType, UnitSuccessionType, UnitVersionType } from '../schema/tree-types';

@ArgsType()
class UnitsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only the children of this unit.' }) parent?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only units in the subtree of this unit (itself excluded).' }) within?: string | null;
  @Field(() => [UnitKindEnum], { nullable: true }) kinds?: UnitKind[] | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Part of the name, case aside, or the exact code. Written without diacritics it matches with or without them ("ha tinh" finds "Hà Tĩnh"); written with them, as written.',
  })
  search?: string | null;
}

@ArgsType()
class MembersArgs extends PageArgs {
  @Field(() => [MembershipStatusEnum], { nullable: true }) statuses?: string[] | null;
}

export async function unitOrFail(ctx: Ctx, id: string, field: string): Promise<UnitType> {
  const unit = await ctx.loaders.unit.load(dbIdOf(id, 'Unit', field));
  if (!unit) throw badInput(`${field}: no such unit`, { id }, field);
  return unit;
}

/** The path of a list's `within` unit, or null where none is given; refused like unitOrFail for an id that names none. */
export const withinPathOf = async (ctx: Ctx, within: string | null | undefined): Promise<string | null> =>
  within ? (await unitOrFail(ctx, within, 'within')).path : null;

const AS_OF = 'As the tree stood on this day (YYYY-MM-DD); absent: today.';

@Resolver(() => UnitVersionType)
export class UnitVersionResolver {
  @FieldResolver(() => UnitType, { nullable: true })
  parent(@Root() v: UnitVersionType, @Context() ctx: Ctx) {
    return v.parentId ? ctx.loaders.unit.load(v.parentId) : null;
  }
}

@Resolver(() => UnitSuccessionType)
export class UnitSuccessionResolver {
  @FieldResolver(() => UnitType, { description: 'The unit merged or split.' })
  predecessor(@Root() s: UnitSuccessionType, @Context() ctx: Ctx) {
    return ctx.loaders.unit.load(s.predecessorId);
  }

  @FieldResolver(() => UnitType, { description: 'The unit it merged into, or a part it was split into.' })
  successor(@Root() s: UnitSuccessionType, @Context() ctx: Ctx) {
    return ctx.loaders.unit.load(s.successorId);
  }
}

@Resolver(() => UnitType)
export class UnitResolver {
  @Query(() => UnitType, { nullable: true, description: 'A unit by its code.' })
  async unit(
    @Arg('code') code: string,
    @Context() ctx: Ctx,
    @Arg('asOf', () => String, { nullable: true, description: AS_OF }) asOf?: string | null,
  ): Promise<UnitType | null> {
    requireViewer(ctx);
    if (asOf) return (await unitsAsOf(ctx.session.em, checkDate(asOf, 'asOf'), { code }))[0] ?? null;
    return unitByCode(ctx.session.em, code);
  }

  @Query(() => [UnitType], { description: 'The roots of the tree (units without a parent).' })
  async rootUnits(@Context() ctx: Ctx): Promise<UnitType[]> {
    requireViewer(ctx);
    return rootUnits(ctx.session.em);
  }

  @Query(() => UnitConnection, { description: 'Units, filtered by parent, subtree, kind or name; ordered by code.' })
  async units(@Args() args: UnitsArgs, @Context() ctx: Ctx) {
    requireViewer(ctx);
    return unitsPage(ctx.session.em, args, {
      parentId: args.parent ? dbIdOf(args.parent, 'Unit', 'parent') : null,
      within: args.within ? await unitOrFail(ctx, args.within, 'within') : null,
      kinds: args.kinds,
      search: args.search,
    });
  }

  @FieldResolver(() => UnitType, { nullable: true })
  parent(@Root() u: UnitType, @Context() ctx: Ctx) {
    return u.parentId ? ctx.loaders.unit.load(u.parentId) : null;
  }

  @FieldResolver(() => [UnitType], { description: 'Ancestors, root first (as the unit stands, or as of a day).' })
  async ancestors(
    @Root() u: UnitType,
    @Context() ctx: Ctx,
    @Arg('asOf', () => String, { nullable: true, description: AS_OF }) asOf?: string | null,
  ): Promise<UnitType[]> {
    if (asOf) {
      const day = checkDate(asOf, 'asOf');
      const [then] = await unitsAsOf(ctx.session.em, day, { ids: [u.dbId] });
      if (!then) return [];
      const byId = new Map((await unitsAsOf(ctx.session.em, day, { ids: then.ancestorIds() })).map((x) => [x.dbId, x]));
      return then.ancestorIds().flatMap((id) => byId.get(id) ?? []);
    }
    const loaded = await ctx.loaders.unit.loadMany(u.ancestorIds());
    return loaded.filter((x): x is UnitType => x instanceof UnitType);
  }

  @FieldResolver(() => UnitConnection, { description: 'Direct children, ordered by code.' })
  children(
    @Root() u: UnitType,
    @Args() page: PageArgs,
    @Context() ctx: Ctx,
    @Arg('asOf', () => String, { nullable: true, description: AS_OF }) asOf?: string | null,
  ) {
    if (asOf) return childrenAsOf(ctx.session.em, u.dbId, checkDate(asOf, 'asOf'), page);
    return unitsPage(ctx.session.em, page, { parentId: u.dbId });
  }

  @FieldResolver(() => [UnitVersionType], {
    description: 'The unit through time, earliest first: parent and name from each day, with the operation and decision that changed them.',
  })
  async history(@Root() u: UnitType, @Context() ctx: Ctx): Promise<UnitVersionType[]> {
    return (await unitHistory(ctx.session.em, u.dbId)).map((v) => Object.assign(new UnitVersionType(), v));
  }

  @FieldResolver(() => [UnitSuccessionType], {
    description: 'The mergers and splits the unit took part in, as the unit merged or split or as the unit they made, earliest first.',
  })
  async succession(@Root() u: UnitType, @Context() ctx: Ctx): Promise<UnitSuccessionType[]> {
    return (await unitSuccession(ctx.session.em, u.dbId)).map((x) => Object.assign(new UnitSuccessionType(), x));
  }

  @FieldResolver(() => Int)
  childCount(@Root() u: UnitType, @Context() ctx: Ctx) {
    return ctx.loaders.childCount.load(u.dbId);
  }

  @FieldResolver(() => [BodyType])
  bodies(@Root() u: UnitType, @Context() ctx: Ctx) {
    return ctx.loaders.bodiesByUnit.load(u.dbId);
  }

  @FieldResolver(() => [CollectiveType])
  collectives(@Root() u: UnitType, @Context() ctx: Ctx) {
    return ctx.loaders.collectivesByUnit.load(u.dbId);
  }

  @FieldResolver(() => [PostType], { description: 'Posts at this unit that you may see, head first.' })
  async posts(
    @Root() u: UnitType,
    @Context() ctx: Ctx,
    @Arg('activeOn', () => String, { nullable: true, description: 'Only posts held on this date (YYYY-MM-DD).' }) activeOn?: string | null,
  ) {
    const posts = await ctx.loaders.postsByUnit.load(u.dbId);
    return activeOn ? posts.filter((p) => isActiveOn(p, checkDate(activeOn, 'activeOn'))) : posts;
  }

  @FieldResolver(() => Int, { description: 'Party members in this subtree that you may see.' })
  memberCount(@Root() u: UnitType, @Context() ctx: Ctx) {
    return ctx.loaders.memberCount.load(u.dbId);
  }

  @FieldResolver(() => MembershipConnection, { description: 'Party members in this subtree that you may see, by name.' })
  members(@Root() u: UnitType, @Args() args: MembersArgs, @Context() ctx: Ctx, @Info() info: GraphQLResolveInfo) {
    return membersPage(ctx, u, args, args.statuses, selectionOf(info));
  }
}

@Resolver(() => BodyType)
export class BodyResolver {
  @FieldResolver(() => UnitType)
  unit(@Root() b: BodyType, @Context() ctx: Ctx) {
    return ctx.loaders.unit.load(b.unitId);
  }

  @FieldResolver(() => BodyType, { nullable: true, description: 'The body this one belongs to.' })
  parentBody(@Root() b: BodyType, @Context() ctx: Ctx) {
    return b.parentBodyId ? ctx.loaders.body.load(b.parentBodyId) : null;
  }

  @FieldResolver(() => [CollectiveType])
  collectives(@Root() b: BodyType, @Context() ctx: Ctx) {
    return ctx.loaders.collectivesByBody.load(b.dbId);
  }
}

@Resolver(() => CollectiveType)
export class CollectiveResolver {
  @FieldResolver(() => BodyType)
  body(@Root() c: CollectiveType, @Context() ctx: Ctx) {
    return ctx.loaders.body.load(c.bodyId);
  }

  @FieldResolver(() => UnitType)
  unit(@Root() c: CollectiveType, @Context() ctx: Ctx) {
    return ctx.loaders.unit.load(c.unitId);
  }

  @FieldResolver(() => [PostType], { description: 'The posts that make up the collective, that you may see.' })
  members(@Root() c: CollectiveType, @Context() ctx: Ctx) {
    return ctx.loaders.postsByCollective.load(c.dbId);
  }
}

export function checkDate(value: string, field: string): string {
  if (!isIsoDate(value)) {
    throw badInput(`${field}: not a date (YYYY-MM-DD)`, { [field]: value }, field);
  }
  return value;
}

export const isActiveOn = (p: PostType, day: string) => p.startsOn <= day && (p.endsOn === null || p.endsOn >= day);
