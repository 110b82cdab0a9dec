import { Arg, Ctx as Context, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { Ctx, requirePolicy } from '../context';
import { badInput } from '../errors';
import { Level } from '../rules';
import { RatingLevelEnum } from '../schema/enums';
import { fromGlobalId } from '../schema/global-id';
import { UserError } from '../schema/payloads';
import { CollectiveType, UnitType } from '../schema/tree-types';
import {
  NO_SUCH_RATED_THING,
  professionalRatingOf,
  ProfessionalRatingRow,
  RatedThing,
  recordProfessionalRating,
} from '../services/professional-ratings';
import { Refusal } from '../services/refusal';
import { answerOf, inTransaction } from './workflow-step';

@ObjectType('ProfessionalRating', {
  description:
    'The professional rating in a cycle (xếp loại chuyên môn) of a leadership collective or unit, which its head’s EXCELLENT or GOOD depends on (004 §II.5.2.1–5.2.2; 000 §11(4)).',
})
class ProfessionalRatingType {
  @Field(() => RatingLevelEnum) level: Level;
  @Field({ description: 'The body that rated (the superior body in 2023, the competent authority in 2024).' }) ratedBy: string;
  @Field(() => String, { nullable: true }) decisionRef: string | null;
  @Field() recordedAt: Date;
}

@ObjectType('ProfessionalRatingPayload')
class ProfessionalRatingPayload {
  @Field(() => ProfessionalRatingType, { nullable: true }) professionalRating: ProfessionalRatingType | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@InputType('RecordProfessionalRatingInput')
class RecordProfessionalRatingInput {
  @Field() cycle: string;
  @Field(() => ID, { description: 'The Collective the head leads, or the Unit where the head’s post has no collective.' }) of: string;
  @Field(() => RatingLevelEnum) level: Level;
  @Field() ratedBy: string;
  @Field(() => String, { nullable: true }) decisionRef?: string | null;
}

const toType = (row: ProfessionalRatingRow) => Object.assign(new ProfessionalRatingType(), row);

/** The collective or unit an id names; null where none has that id (answered as NOT_FOUND, like one the caller may not see). */
async function ratedThing(ctx: Ctx, id: string): Promise<RatedThing | null> {
  const g = fromGlobalId(id);
  if (g?.type === 'Collective') {
    const c = await ctx.loaders.collective.load(g.dbId);
    return c ? { unitId: c.unitId, collectiveId: c.dbId } : null;
  }
  if (g?.type === 'Unit') {
    const u = await ctx.loaders.unit.load(g.dbId);
    return u ? { unitId: u.dbId, collectiveId: null } : null;
  }
  throw badInput('of: not the id of a Collective or Unit', { of: id }, 'of');
}

async function ratingOf(ctx: Ctx, cycle: string, of: RatedThing): Promise<ProfessionalRatingType | null> {
  const { cycleId } = await requirePolicy(ctx).cycle(ctx.session.em, cycle);
  const row = await professionalRatingOf(ctx.session.em, cycleId, of);
  return row ? toType(row) : null;
}

@Resolver()
export class ProfessionalRatingResolver {
  @Mutation(() => ProfessionalRatingPayload, {
    description: 'Records or corrects a professional rating in a cycle; heads decided above what it allows are flagged.',
  })
  async recordProfessionalRating(
    @Arg('input') input: RecordProfessionalRatingInput,
    @Context() ctx: Ctx,
  ): Promise<ProfessionalRatingPayload> {
    const [of, actor] = await Promise.all([ratedThing(ctx, input.of), requirePolicy(ctx).cycle(ctx.session.em, input.cycle)]);
    const { value, userErrors } = answerOf(
      of
        ? await inTransaction(ctx, (em) => recordProfessionalRating(em, actor, of, input.level, input.ratedBy, input.decisionRef ?? null))
        : new Refusal([NO_SUCH_RATED_THING]),
    );
    return { professionalRating: value ? toType(value) : null, userErrors };
  }
}

@Resolver(() => UnitType)
export class UnitProfessionalRatingResolver {
  @FieldResolver(() => ProfessionalRatingType, {
    nullable: true,
    description: 'The unit’s own professional rating in the cycle (for heads without a leadership collective), if recorded.',
  })
  professionalRating(@Root() unit: UnitType, @Arg('cycle') cycle: string, @Context() ctx: Ctx) {
    return ratingOf(ctx, cycle, { unitId: unit.dbId, collectiveId: null });
  }
}

@Resolver(() => CollectiveType)
export class CollectiveProfessionalRatingResolver {
  @FieldResolver(() => ProfessionalRatingType, {
    nullable: true,
    description: 'The collective’s professional rating in the cycle, if recorded.',
  })
  professionalRating(@Root() c: CollectiveType, @Arg('cycle') cycle: string, @Context() ctx: Ctx) {
    return ratingOf(ctx, cycle, { unitId: c.unitId, collectiveId: c.dbId });
  }
}
