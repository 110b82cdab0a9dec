import { Args, ArgsType, Ctx as Context, Field, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Ctx, requirePolicy } from '../context';
import { ComplaintStatusEnum } from '../schema/enums';
import { PageArgs } from '../schema/pagination';
import { RatingType } from '../schema/rating-types';
import { BodyType } from '../schema/tree-types';
import { readableRating } from '../data/ratings';
import { complaintsAbout, complaintsPage } from '../data/complaints';
import { ComplaintConnection, ComplaintType } from '../schema/complaint-types';

@ArgsType()
class ComplaintsArgs extends PageArgs {
  @Field() cycle: string;
  @Field(() => ComplaintStatusEnum, { nullable: true }) status?: string | null;
}

@Resolver(() => ComplaintType)
export class ComplaintResolver {
  @Query(() => ComplaintConnection, {
    description:
      'Complaints of a cycle assigned to a body you act for, and — for audit staff and administrators — those in your audit scope.',
  })
  async complaints(@Args() args: ComplaintsArgs, @Context() ctx: Ctx) {
    const { cycleId } = await requirePolicy(ctx).cycle(ctx.session.em, args.cycle);
    return complaintsPage(ctx, cycleId, args.status ?? null, args);
  }

  @FieldResolver(() => BodyType, { description: 'The body that must resolve it.' })
  assignedTo(@Root() c: ComplaintType, @Context() ctx: Ctx) {
    return ctx.loaders.body.load(c.assignedBodyId);
  }

  @FieldResolver(() => RatingType, { nullable: true, description: 'The rating complained about, if you may read it.' })
  rating(@Root() c: ComplaintType, @Context() ctx: Ctx) {
    return readableRating(ctx, c.ratingId);
  }

  @FieldResolver(() => RatingType, { nullable: true, description: 'The result that replaced it, when the complaint changed the level.' })
  newRating(@Root() c: ComplaintType, @Context() ctx: Ctx) {
    return c.newRatingId ? readableRating(ctx, c.newRatingId) : null;
  }
}

@Resolver(() => RatingType)
export class RatingComplaintsResolver {
  @FieldResolver(() => [ComplaintType], { description: 'Complaints filed about this result, oldest first.' })
  async complaints(@Root() r: RatingType, @Context() ctx: Ctx): Promise<ComplaintType[]> {
    return complaintsAbout(ctx.session.em, r);
  }
}
