import { Arg, Ctx as Context, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { Ctx, requirePolicy } from '../context';
import { unitsAsOf } from '../data/units';
import { UserError } from '../schema/payloads';
import { UnitType } from '../schema/tree-types';
import { Reorganization, ReorganizationDecision, dissolveUnit, renameUnit, transferUnit } from '../services/reorganization';
import { mergeUnits } from '../services/unit-merger';
import type { MergedQuotaScope } from '../services/merged-quota-scopes';
import { QuotaFiguresType } from '../schema/rules-types';
import { splitUnit } from '../services/unit-split';
import { SplitItemKind } from '../model/kinds';
import { SplitItemKindEnum, UnitKindEnum } from '../schema/enums';
import { unitNamed } from './lookup';
import { checkDate } from './tree-resolver';
import { answerOf, orRefusal } from './workflow-step';
import { EntityManager } from 'typeorm';
import { forgetKept } from '../db/kept-across-requests';

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

@InputType('NewUnitInput', { description: 'A unit a merger or a split founds on the day it takes effect.' })
class NewUnitInput {
  @Field({ description: 'Its code (not taken).' }) code: string;
  @Field(() => String, {
    nullable: true,
    description: 'Its name (required for a unit founded; a split’s part keeping the unit’s code may rename it).',
  })
  name?: string | null;
  @Field(() => UnitKindEnum, { nullable: true, description: 'Its kind; by default, that of the units it is made of.' }) kind?:
    string | null;
  @Field(() => String, { nullable: true, description: 'Its parent’s code; by default, the parent of the units it is made of.' })
  parent?: string | null;
}

@InputType('MergeUnitsInput', { description: 'Units merged from a day, by a decision (004 §II.7.11).' })
class MergeInput {
  @Field(() => [String], { description: 'The codes of the units merged; they end on the day.' }) units: string[];
  @Field(() => String, { nullable: true, description: 'The existing unit they merge into (sáp nhập)…' }) into?: string | null;
  @Field(() => NewUnitInput, { nullable: true, description: '…or the unit the merger founds (hợp nhất).' }) newUnit?: NewUnitInput | null;
  @Field({ description: 'The day it takes effect (YYYY-MM-DD), today or before.' }) effectiveOn: string;
  @Field({ description: 'The number of the decision.' }) decisionRef: string;
}

@InputType('SplitAssignmentInput', { description: 'One thing the unit split holds, given to a part.' })
class SplitAssignmentInput {
  @Field(() => SplitItemKindEnum) kind: SplitItemKind;
  @Field({ description: 'A member’s person code, a post’s, a unit’s below, or a body’s.' }) code: string;
  @Field({ description: 'The code of the part it goes to.' }) to: string;
}

@InputType('SplitUnitInput')
class SplitInput extends ReorganizeInput {
  @Field(() => [NewUnitInput], { description: 'The parts; one with the unit’s own code is the unit going on, the others are founded.' })
  parts: NewUnitInput[];
  @Field(() => [SplitAssignmentInput], {
    defaultValue: [],
    description: 'Where its members, posts held on the day, units below and bodies go; all but bodies must be given when the unit ends.',
  })
  assign: SplitAssignmentInput[];
}

@ObjectType('MergedQuotaScope', {
  description:
    'A quota scope a merger joined: the ended body’s decided ratings now count in its successor’s quota (DOMAIN §15.1), the figures recomputed.',
})
class MergedQuotaScopeType {
  @Field() cycle: string;
  @Field({ description: 'The body whose quota now counts both.' }) authority: string;
  @Field() office: string;
  @Field() subjectKind: string;
  @Field(() => String, { nullable: true }) peerGroup: string | null;
  @Field(() => QuotaFiguresType) figures: QuotaFiguresType;
  @Field(() => Int, {
    description: 'EXCELLENT results flagged for the authority to look at again, where the joined scope is over its share.',
  })
  flagged: number;
}

@ObjectType('ReorganizationPayload')
class ReorganizationPayload {
  @Field(() => UnitType, {
    nullable: true,
    description: 'The unit as it stands from the day the change took effect (a merger: the unit merged into; a split: the unit split).',
  })
  unit: UnitType | null;
  @Field(() => [UnitType], { description: 'Every unit the change leaves standing or founds (a split: its parts), as from that day.' })
  units: UnitType[];
  @Field(() => [MergedQuotaScopeType], {
    description: 'A merger: the quota scopes it joined, recomputed (empty for other operations, and where no body ended).',
  })
  quotaScopes: MergedQuotaScopeType[];
  @Field(() => [UserError]) userErrors: UserError[];
}

/** Transfer, rename, dissolve, merge and split: administrators', each all-or-nothing, audited, the tree's history kept (unit.history, asOf). */
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

  @Mutation(() => ReorganizationPayload, {
    description:
      'Units merge from a day into one that exists or one founded: what they hold passes to it (docs/reorganization.md), they end; ratings in progress follow.',
  })
  async mergeUnits(@Arg('input') input: MergeInput, @Context() ctx: Ctx): Promise<ReorganizationPayload> {
    return decided(ctx, input, null, async (em, r) => {
      const merged = await mergeUnits(em, { ...r, units: input.units, into: input.into ?? null, newUnit: input.newUnit ?? null });
      return { ids: [merged.unit.id], quotaScopes: merged.quotaScopes };
    });
  }

  @Mutation(() => ReorganizationPayload, {
    description:
      'A unit splits from a day into parts, its members, posts, units below and bodies given to them by a list; ratings in progress follow.',
  })
  async splitUnit(@Arg('input') input: SplitInput, @Context() ctx: Ctx): Promise<ReorganizationPayload> {
    const unit = await unitNamed(ctx, input.unit, input.unitId);
    return decided(ctx, input, unit, async (em, r) => ({
      ids: (await splitUnit(em, { ...r, unit, parts: input.parts, assign: input.assign })).map((p) => p.id),
    }));
  }
}

/** An operation on one unit: that unit answers. */
async function reorganized(
  ctx: Ctx,
  input: ReorganizeInput,
  run: (em: EntityManager, r: Reorganization) => Promise<void>,
): Promise<ReorganizationPayload> {
  const unit = await unitNamed(ctx, input.unit, input.unitId);
  return decided(ctx, input, unit, async (em, r) => {
    await run(em, { ...r, unit });
    return { ids: [unit.id] };
  });
}

/**
 * Runs an operation in one transaction on the owner's pool (the tree is the owner's to change; the API's role reads it),
 * as the import does, for administrators only; answers the units it returns as they stand from the day, the first as `unit`.
 */
async function decided(
  ctx: Ctx,
  input: { effectiveOn: string; decisionRef: string },
  unit: { id: string } | null,
  run: (em: EntityManager, r: ReorganizationDecision) => Promise<{ ids: string[]; quotaScopes?: MergedQuotaScope[] }>,
): Promise<ReorganizationPayload> {
  const effectiveOn = checkDate(input.effectiveOn, 'effectiveOn');
  const r: ReorganizationDecision = {
    effectiveOn,
    decisionRef: input.decisionRef,
    today: new Date().toISOString().slice(0, 10),
    recordedBy: requirePolicy(ctx).viewer.personId,
  };
  const outcome = await ctx.session.bypassingScope(requirePolicy(ctx), 'reorganize', (db) => orRefusal(db.transaction((em) => run(em, r))));
  const { value: done, userErrors } = answerOf(outcome);
  if (!done) return { unit: null, units: [], quotaScopes: [], userErrors };
  const { ids, quotaScopes = [] } = done;
  // This replica reads the new tree at once; the others when they hear of it (migration 0025).
  forgetKept();
  const standing = await unitsAsOf(ctx.session.em, effectiveOn, { ids });
  const byId = new Map(standing.map((u) => [u.dbId, u]));
  const units = ids.map((id) => byId.get(id)).filter((u): u is UnitType => Boolean(u));
  const [first] = unit ? [byId.get(unit.id) ?? null] : units;
  return { unit: first ?? null, units, quotaScopes, userErrors: [] };
}
