import { Arg, Ctx as Context, Field, FieldResolver, ID, InputType, ObjectType, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Ctx, requirePolicy } from '../context';
import { bodiesOf } from '../policies/ability';
import { Level } from '../rules';
import { RatingLevelEnum } from '../schema/enums';
import { dbIdOf, toGlobalId } from '../schema/global-id';
import { UserError } from '../schema/payloads';
import { BodyType } from '../schema/tree-types';
import { TransferOpinionAsked, giveTransferOpinion, transferOpinionsAsked } from '../services/workflow/transfer-opinion';
import { answerOf, orRefusal } from './workflow-step';
import { runAgainIfRolledBack } from '../db/run-again';

@ObjectType('TransferOpinionAsked', {
  description:
    'An opinion asked of a committee an organization was transferred from during the year (004 §II.7.11; 000 §11(2)): the organization, the cycle, and the answer if given.',
})
class TransferOpinionAskedType {
  consultationId: string;
  organizationId: string;
  bodyId: string;
  @Field(() => ID, { description: 'The consultation, for giveTransferOpinion.' }) get consultation(): string {
    return toGlobalId('Consultation', this.consultationId);
  }
  @Field() cycle: string;
  @Field(() => RatingLevelEnum, { nullable: true }) opinionLevel: Level | null;
  @Field() source: string;
}

@InputType('GiveTransferOpinionInput')
class GiveTransferOpinionInput {
  @Field(() => ID) consultation: string;
  @Field(() => RatingLevelEnum) level: Level;
  @Field() opinion: string;
}

@ObjectType('TransferOpinionPayload')
class TransferOpinionPayload {
  @Field(() => TransferOpinionAskedType, { nullable: true }) asked: TransferOpinionAskedType | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

const asType = (x: TransferOpinionAsked) => Object.assign(new TransferOpinionAskedType(), x);

/**
 * The transferring committee's side of 7.11: the organization left its scope, so the consultation is its only
 * authority — read and answered on the owner's connection, for the bodies the caller acts for and no other row.
 */
@Resolver(() => TransferOpinionAskedType)
export class TransferOpinionResolver {
  @Query(() => [TransferOpinionAskedType], {
    description: 'The opinions asked of the bodies you act for about organizations transferred from them.',
  })
  transferOpinionsAsked(@Context() ctx: Ctx): Promise<TransferOpinionAskedType[]> {
    const policy = requirePolicy(ctx);
    return ctx.session.bypassingScope(policy, 'transferOpinion', async (db) =>
      (await transferOpinionsAsked(db.manager, bodiesOf(policy.viewer))).map(asType),
    );
  }

  @Mutation(() => TransferOpinionPayload, {
    description: 'The opinion of the committee an organization was transferred from (004 §II.7.11; 000 §11(2)), by one who acts for it.',
  })
  async giveTransferOpinion(@Arg('input') input: GiveTransferOpinionInput, @Context() ctx: Ctx): Promise<TransferOpinionPayload> {
    const id = dbIdOf(input.consultation, 'Consultation', 'consultation');
    const policy = requirePolicy(ctx);
    const outcome = await ctx.session.bypassingScope(policy, 'transferOpinion', (db) =>
      orRefusal(runAgainIfRolledBack(() => db.transaction((em) => giveTransferOpinion(em, policy.viewer, id, input.level, input.opinion)))),
    );
    const { value, userErrors } = answerOf(outcome);
    return { asked: value ? asType(value) : null, userErrors };
  }

  @FieldResolver(() => BodyType, { description: 'The organization transferred.' })
  organization(@Root() x: TransferOpinionAskedType, @Context() ctx: Ctx) {
    return ctx.loaders.body.load(x.organizationId);
  }

  @FieldResolver(() => BodyType, { description: 'The committee asked.' })
  body(@Root() x: TransferOpinionAskedType, @Context() ctx: Ctx) {
    return ctx.loaders.body.load(x.bodyId);
  }
}
