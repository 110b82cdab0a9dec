import { Arg, Ctx as Context, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Ctx, requirePolicy, requireViewer } from '../context';
import { unitIdOfPath } from '../db/sql-params';
import { isAdmin } from '../policies/viewer';
import { fromGlobalId } from '../schema/global-id';
import { Node } from '../schema/node';
import { PersonType, PostType } from '../schema/people-types';
import { UnitType } from '../schema/tree-types';
import { readableComplaint } from '../data/complaints';
import { readableAuditEvent } from '../data/audit-trail';
import { readableConsultation, readableRating, readableSuggestion } from '../data/ratings';

@ObjectType('Viewer', { description: 'The caller.' })
export class ViewerType {
  personId: string;
  scopePrefixes: string[] | null;
  @Field() code: string;
  @Field({ description: 'Holds the ADMIN system role.' }) isAdmin: boolean;
}

@Resolver(() => ViewerType)
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global id; null if it does not exist or is outside your scope.' })
  node(@Arg('id', () => ID) id: string, @Context() ctx: Ctx): Promise<Node | null> {
    requireViewer(ctx);
    return loadNode(ctx, id);
  }

  @Query(() => [Node], { nullable: 'items', description: 'Several objects by global id, in the order asked.' })
  nodes(@Arg('ids', () => [ID]) ids: string[], @Context() ctx: Ctx): Promise<(Node | null)[]> {
    requireViewer(ctx);
    return Promise.all(ids.map((id) => loadNode(ctx, id)));
  }

  @Query(() => ViewerType, { description: 'Who you are, as the API sees your token.' })
  viewer(@Context() ctx: Ctx): ViewerType {
    const { viewer: v, readScope } = requirePolicy(ctx);
    return Object.assign(new ViewerType(), {
      personId: v.personId,
      code: v.code,
      isAdmin: isAdmin(v),
      scopePrefixes: readScope.all ? null : readScope.prefixes,
    });
  }

  @FieldResolver(() => PersonType, { nullable: true })
  person(@Root() v: ViewerType, @Context() ctx: Ctx) {
    return ctx.loaders.person.load(v.personId);
  }

  @FieldResolver(() => [PostType], { description: 'Your posts active today: the only source of your authority.' })
  activePosts(@Root() v: ViewerType, @Context() ctx: Ctx) {
    const ids = new Set(requireViewer(ctx).posts.map((p) => p.id));
    return ctx.loaders.postsByPerson.load(v.personId).then((posts) => posts.filter((p) => ids.has(p.dbId)));
  }

  @FieldResolver(() => [UnitType], {
    nullable: true,
    description: 'Roots of the subtrees whose people you may read; null = everything (administrators).',
  })
  async readScope(@Root() v: ViewerType, @Context() ctx: Ctx): Promise<UnitType[] | null> {
    if (!v.scopePrefixes) return null;
    const ids = v.scopePrefixes.map(unitIdOfPath);
    return (await ctx.loaders.unit.loadMany(ids)).filter((u): u is UnitType => u instanceof UnitType);
  }
}

export const NODE_LOADERS: Record<string, (ctx: Ctx, dbId: string) => Promise<Node | null>> = {
  Unit: (ctx, id) => ctx.loaders.unit.load(id),
  Body: (ctx, id) => ctx.loaders.body.load(id),
  Collective: (ctx, id) => ctx.loaders.collective.load(id),
  Cycle: (ctx, id) => ctx.loaders.cycle.load(id),
  Delegation: (ctx, id) => ctx.loaders.delegation.load(id),
  Person: (ctx, id) => ctx.loaders.person.load(id),
  Membership: (ctx, id) => ctx.loaders.membership.load(id),
  Post: (ctx, id) => ctx.loaders.post.load(id),
  Rating: readableRating,
  Complaint: readableComplaint,
  Consultation: readableConsultation,
  ReviewSuggestion: readableSuggestion,
  AuditEvent: readableAuditEvent,
};

async function loadNode(ctx: Ctx, id: string): Promise<Node | null> {
  const g = fromGlobalId(id);
  const load = g ? NODE_LOADERS[g.type] : undefined;
  return g && load ? load(ctx, g.dbId) : null;
}
