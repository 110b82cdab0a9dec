import { Arg, Args, ArgsType, Ctx as Context, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Ctx, requirePolicy, requireViewer } from '../context';
import { isIsoDate } from '../dataset/field-reader';
import { searchCondition } from '../db/search';
import { SqlParams, underPrefix } from '../db/sql-params';
import { badInput } from '../errors';
import { UnitKind } from '../model/kinds';
import { MembershipStatusEnum, UnitKindEnum } from '../schema/enums';
import { dbIdOf } from '../schema/global-id';
import { PageArgs, keysetPage } from '../schema/pagination';
import { MEMBERSHIP_COLUMNS, MembershipConnection, MembershipType, PERSON_COLUMNS, PersonType, PostType } from '../schema/people-types';
import { BodyType, CollectiveType, UNIT_COLUMNS, UnitConnection, UnitType } from '../schema/tree-types';

@ArgsType()
class UnitsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only the children of this unit.' }) parent?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only units in the subtree of this unit (itself excluded).' }) within?: string | null;
  @Field(() => [UnitKindEnum], { nullable: true }) kinds?: UnitKind[] | null;
  @Field(() => String, { nullable: true, description: 'Part of the name or the exact code.' }) search?: string | null;
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

@Resolver(() => UnitType)
export class UnitResolver {
  @Query(() => UnitType, { nullable: true, description: 'A unit by its code.' })
  async unit(@Arg('code') code: string, @Context() ctx: Ctx): Promise<UnitType | null> {
    requireViewer(ctx);
    const rows = await ctx.session.em.query<object[]>(`SELECT ${UNIT_COLUMNS('u')} FROM unit u WHERE u.code = $1`, [code]);
    return rows[0] ? Object.assign(new UnitType(), rows[0]) : null;
  }

  @Query(() => [UnitType], { description: 'The roots of the tree (units without a parent).' })
  async rootUnits(@Context() ctx: Ctx): Promise<UnitType[]> {
    requireViewer(ctx);
    const rows = await ctx.session.em.query<object[]>(`SELECT ${UNIT_COLUMNS('u')} FROM unit u WHERE u.parent_id IS NULL ORDER BY u.code`);
    return rows.map((r) => Object.assign(new UnitType(), r));
  }

  @Query(() => UnitConnection, { description: 'Units, filtered by parent, subtree, kind or name; ordered by code.' })
  async units(@Args() args: UnitsArgs, @Context() ctx: Ctx) {
    requireViewer(ctx);
    const p = new SqlParams();
    const where: string[] = [];
    if (args.parent) where.push(`u.parent_id = ${p.add(dbIdOf(args.parent, 'Unit', 'parent'))}`);
    if (args.within) {
      const root = await unitOrFail(ctx, args.within, 'within');
      where.push(underPrefix('u.path', p, root.path), `u.id <> ${p.add(root.dbId)}`);
    }
    if (args.kinds?.length) where.push(`u.kind = ANY(${p.add(args.kinds)})`);
    if (args.search) where.push(searchCondition(p, args.search, 'u.name', 'u.code'));
    return keysetPage(ctx.session.em, args, {
      select: UNIT_COLUMNS('u'),
      from: 'unit u',
      where,
      params: p,
      sortKey: 'u.code COLLATE "C"',
      idKey: 'u.id',
      map: (r) => Object.assign(new UnitType(), r),
    });
  }

  @FieldResolver(() => UnitType, { nullable: true })
  parent(@Root() u: UnitType, @Context() ctx: Ctx) {
    return u.parentId ? ctx.loaders.unit.load(u.parentId) : null;
  }

  @FieldResolver(() => [UnitType], { description: 'Ancestors, root first.' })
  async ancestors(@Root() u: UnitType, @Context() ctx: Ctx): Promise<UnitType[]> {
    const loaded = await ctx.loaders.unit.loadMany(u.ancestorIds());
    return loaded.filter((x): x is UnitType => x instanceof UnitType);
  }

  @FieldResolver(() => UnitConnection, { description: 'Direct children, ordered by code.' })
  children(@Root() u: UnitType, @Args() page: PageArgs, @Context() ctx: Ctx) {
    const p = new SqlParams();
    return keysetPage(ctx.session.em, page, {
      select: UNIT_COLUMNS('c'),
      from: 'unit c',
      where: [`c.parent_id = ${p.add(u.dbId)}`],
      params: p,
      sortKey: 'c.code COLLATE "C"',
      idKey: 'c.id',
      map: (r) => Object.assign(new UnitType(), r),
    });
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
  members(@Root() u: UnitType, @Args() args: MembersArgs, @Context() ctx: Ctx) {
    const p = new SqlParams();
    const where = [underPrefix('m.unit_path', p, u.path), requirePolicy(ctx).people(p, 'm.unit_path', 'm.person_id')];
    if (args.statuses?.length) where.push(`m.status = ANY(${p.add(args.statuses)})`);
    // The page joins the people for its sort key anyway: they come with it and prime the person loader
    // (each membership here passed the scope, which makes its person visible), one statement fewer.
    return keysetPage(ctx.session.em, args, {
      select: `${MEMBERSHIP_COLUMNS('m')}, ${PERSON_COLUMNS('pe', 'person.')}`,
      from: 'membership m JOIN person pe ON pe.id = m.person_id',
      where,
      params: p,
      sortKey: 'pe.full_name COLLATE "C"',
      idKey: 'm.id',
      map: (r) => {
        const { own, joined } = splitPrefixed(r, 'person.');
        ctx.loaders.person.prime(String(joined.dbId), Object.assign(new PersonType(), joined));
        return Object.assign(new MembershipType(), own);
      },
    });
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

/** Splits a row into its own columns and those aliased with a prefix (a joined row). */
function splitPrefixed(row: Record<string, unknown>, prefix: string) {
  const own: Record<string, unknown> = {};
  const joined: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k.startsWith(prefix)) joined[k.slice(prefix.length)] = v;
    else own[k] = v;
  }
  return { own, joined };
}

export function checkDate(value: string, field: string): string {
  if (!isIsoDate(value)) {
    throw badInput(`${field}: not a date (YYYY-MM-DD)`, { [field]: value }, field);
  }
  return value;
}

export const isActiveOn = (p: PostType, day: string) => p.startsOn <= day && (p.endsOn === null || p.endsOn >= day);
