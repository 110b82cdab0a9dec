import { Arg, Ctx as Context, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import { Ctx, requirePolicy } from '../context';
import { unitsAsOf } from '../data/units';
import { UserError } from '../schema/payloads';
import { UnitType } from '../schema/tree-types';
import { Reorganization, dissolveUnit, renameUnit, transferUnit } from '../services/reorganization';
import { unitNamed } from './lookup';
import { checkDate } from './tree-resolver';
import { answerOf } from './workflow-step';
import { EntityManager } from 'typeorm';
import { Refusal } from '../services/refusal';

@InputType('ReorganizeUnitInput', { description: 'The unit, the day it takes effect and the decision (004 §II.7.11).' })
class ReorganizeInput {
  @Field(() => String, { nullable: true, description: 'The unit’s code.' }) unit?: string | null;
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field({ description: 'The day it takes effect (YYYY-MM-DD), today or before.' }) effectiveOn: string;
  @Field({ description: 'The number of the decision.' }) decisionRef: string;
}

@InputType('TransferUnitInput')
class TransferInput extends ReorganizeInput {
  @Field(() => String, { nullable: true, description: 'The new parent’s code.' }) newParent?: string | null;
  @Field(() => ID, { nullable: true }) newParentId?: string | null;
}

@InputType('RenameUnitInput')
class RenameInput extends ReorganizeInput {
  @Field() name: string;
}

@ObjectType('ReorganizationPayload')
class ReorganizationPayload {
  @Field(() => UnitType, { nullable: true, description: 'The unit as it stands from the day the change took effect.' })
  unit: UnitType | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

/** Transfer, rename and dissolve: administrators', each all-or-nothing, audited, the tree's history kept (unit.history, asOf). */
@Resolver()
export class ReorganizationResolver {
  @Mutation(() => ReorganizationPayload, {
    description: 'A unit and its subtree move under another parent from a day; decisions taken stand, the new superior decides from then.',
  })
  async transferUnit(@Arg('input') input: TransferInput, @Context() ctx: Ctx): Promise<ReorganizationPayload> {
    const newParent = await unitNamed(ctx, input.newParent, input.newParentId, 'newParent');
    return reorganized(ctx, input, (em, r) => transferUnit(em, { ...r, newParent }));
  }

  @Mutation(() => ReorganizationPayload, { description: 'A unit takes a new name from a day.' })
  async renameUnit(@Arg('input') input: RenameInput, @Context() ctx: Ctx): Promise<ReorganizationPayload> {
    return reorganized(ctx, input, (em, r) => renameUnit(em, { ...r, name: input.name }));
  }

  @Mutation(() => ReorganizationPayload, { description: 'A unit ends on a day, once no unit, member or post is left in it.' })
  async dissolveUnit(@Arg('input') input: ReorganizeInput, @Context() ctx: Ctx): Promise<ReorganizationPayload> {
    return reorganized(ctx, input, (em, r) => dissolveUnit(em, r));
  }
}

async function reorganized(
  ctx: Ctx,
  input: ReorganizeInput,
  run: (em: EntityManager, r: Reorganization) => Promise<void>,
): Promise<ReorganizationPayload> {
  const effectiveOn = checkDate(input.effectiveOn, 'effectiveOn');
  const unit = await unitNamed(ctx, input.unit, input.unitId);
  const r: Reorganization = {
    unit,
    effectiveOn,
    decisionRef: input.decisionRef,
    today: new Date().toISOString().slice(0, 10),
    recordedBy: requirePolicy(ctx).viewer.personId,
  };
  // The tree is the owner's to change (the API's role reads it): as the import does, for administrators only.
  const outcome = await ctx.session.bypassingScope(requirePolicy(ctx), 'reorganize', (db) =>
    db
      .transaction((em) => run(em, r))
      .then(
        () => true,
        (e: unknown) => {
          if (e instanceof Refusal) return e;
          throw e;
        },
      ),
  );
  const { userErrors } = answerOf(outcome);
  if (userErrors.length) return { unit: null, userErrors };
  const [now] = await unitsAsOf(ctx.session.em, effectiveOn, { ids: [unit.id] });
  return { unit: now ?? null, userErrors: [] };
}
