import { Arg, Args, ArgsType, Ctx as Context, Field, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Ctx, requireViewer } from '../context';
import { PageArgs } from '../schema/pagination';
import { MembershipType, PersonConnection, PersonType, PostType } from '../schema/people-types';
import { BodyType, CollectiveType, UnitType } from '../schema/tree-types';
import { checkDate, isActiveOn, unitOrFail } from './tree-resolver';
import { peoplePage, personByCode } from '../data/people';

@ArgsType()
class PeopleArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only people with a membership or post in the subtree of this unit.' }) within?:
    string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Part of the full name, case aside, or the exact person code. Written without diacritics it matches with or without them ("nguyen" finds "Nguyễn"); written with them, as written ("Nguyễn" does not find "Nguyên").',
  })
  search?: string | null;
}

@Resolver(() => PersonType)
export class PersonResolver {
  @Query(() => PersonType, { nullable: true, description: 'A person by code, if within your scope.' })
  async person(@Arg('code') code: string, @Context() ctx: Ctx): Promise<PersonType | null> {
    requireViewer(ctx);
    return personByCode(ctx, code);
  }

  @Query(() => PersonConnection, { description: 'People within your scope (members and post holders), by name.' })
  async people(@Args() args: PeopleArgs, @Context() ctx: Ctx) {
    requireViewer(ctx);
    return peoplePage(ctx, args, args.within ? await unitOrFail(ctx, args.within, 'within') : null, args.search);
  }

  @FieldResolver(() => MembershipType, { nullable: true })
  membership(@Root() person: PersonType, @Context() ctx: Ctx) {
    return ctx.loaders.membershipByPerson.load(person.dbId);
  }

  @FieldResolver(() => [PostType], { description: 'Posts you may see, oldest first.' })
  async posts(
    @Root() person: PersonType,
    @Context() ctx: Ctx,
    @Arg('activeOn', () => String, { nullable: true }) activeOn?: string | null,
  ) {
    const posts = await ctx.loaders.postsByPerson.load(person.dbId);
    return activeOn ? posts.filter((p) => isActiveOn(p, checkDate(activeOn, 'activeOn'))) : posts;
  }
}

@Resolver(() => MembershipType)
export class MembershipResolver {
  @FieldResolver(() => PersonType)
  person(@Root() m: MembershipType, @Context() ctx: Ctx) {
    // Answered at once where the page read the person: a promise per row made graphql-js await each row of the page.
    return m.personRead ?? ctx.loaders.person.load(m.personId);
  }

  @FieldResolver(() => UnitType, { description: 'The branch (or grassroots organization) where the member is held.' })
  branch(@Root() m: MembershipType, @Context() ctx: Ctx) {
    return ctx.loaders.unit.load(m.branchId);
  }
}

@Resolver(() => PostType)
export class PostResolver {
  @FieldResolver(() => PersonType, { nullable: true })
  person(@Root() post: PostType, @Context() ctx: Ctx) {
    return ctx.loaders.person.load(post.personId);
  }

  @FieldResolver(() => UnitType)
  unit(@Root() post: PostType, @Context() ctx: Ctx) {
    return ctx.loaders.unit.load(post.unitId);
  }

  @FieldResolver(() => BodyType, { nullable: true })
  body(@Root() post: PostType, @Context() ctx: Ctx) {
    return post.bodyId ? ctx.loaders.body.load(post.bodyId) : null;
  }

  @FieldResolver(() => CollectiveType, { nullable: true })
  collective(@Root() post: PostType, @Context() ctx: Ctx) {
    return post.collectiveId ? ctx.loaders.collective.load(post.collectiveId) : null;
  }

  @FieldResolver(() => BodyType, { nullable: true, description: 'The body on whose cadre-management list (diện quản lý) the post stands.' })
  managedBy(@Root() post: PostType, @Context() ctx: Ctx) {
    return post.managedByBodyId ? ctx.loaders.body.load(post.managedByBodyId) : null;
  }
}
