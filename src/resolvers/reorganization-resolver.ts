import { Arg, Ctx as Context, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Ctx, requirePolicy } from '../context';
import { badInput } from '../errors';
import { unitsAsOf } from '../data/units';
import { ReorganizationRecord } from '../dataset/format';
import { forgetKept } from '../db/kept-across-requests';
import { SplitItemKind } from '../model/kinds';
import { SplitItemKindEnum, UnitKindEnum } from '../schema/enums';
import { UserError } from '../schema/payloads';
import { QuotaFiguresType } from '../schema/rules-types';
import { UnitType } from '../schema/tree-types';
import { ReorganizationDecision } from '../services/reorganization';
import { recordReorganization, scheduledReorganizations } from '../services/scheduled-reorganizations';
import { unitNamed } from './lookup';
import { checkDate } from './tree-resolver';
import { answerOf, orRefusal } from './workflow-step';
import { runAgainIfRolledBack } from '../db/run-again';

@InputType('ReorganizeUnitInput', { description: 'The unit, the day it takes effect and the decision (004 §II.7.11).' })
class ReorganizeInput {
  @Field(() => String, { nullable: true, description: 'The unit’s code.' }) unit?: string | null;
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field({ description: 'The day it takes effect (YYYY-MM-DD); a day after today is kept and applied on it.' }) effectiveOn: string;
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
  @Field({ description: 'The day it takes effect (YYYY-MM-DD); a day after today is kept and applied on it.' }) effectiveOn: string;
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
  @Field(() => ScheduledReorganizationType, {
    nullable: true,
    description: 'An operation dated after today: kept, to be applied on its day (nothing changes now).',
  })
  scheduled: ScheduledReorganizationType | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@ObjectType('ScheduledReorganization', {
  description:
    'An operation decided ahead of the day it takes effect: applied on that day by the same rules, or refused then with its problems.',
})
class ScheduledReorganizationType {
  @Field() operation: string;
  @Field() effectiveOn: string;
  @Field(() => String, { nullable: true }) decisionRef: string | null;
  @Field(() => GraphQLJSONObject, { description: 'The operation as a dataset record (docs/dataset-format.md, `reorganizations`).' })
  record: Record<string, unknown>;
  @Field(() => Date, { nullable: true, description: 'When it was applied, or found refused on its day.' }) appliedAt: Date | null;
  @Field(() => [UserError], { description: 'Why it was refused on its day (empty: applied, or still to come).' })
  problems: UserError[];
}

/** The most operations `scheduledReorganizations` answers at once. */
const MAX_SCHEDULED = 500;

/** Transfer, rename, dissolve, merge and split: administrators', each all-or-nothing, audited, the tree's history kept (unit.history, asOf). */
@Resolver()
export class ReorganizationResolver {
  @Mutation(() => ReorganizationPayload, {
    description: 'A unit and its subtree move under another parent from a day; decisions taken stand, the new superior decides from then.',
  })
  async transferUnit(@Arg('input') input: TransferInput, @Context() ctx: Ctx): Promise<ReorganizationPayload> {
    const [unit, newParent] = [
      await unitNamed(ctx, input.unit, input.unitId),
      await unitNamed(ctx, input.newParent, input.newParentId, 'newParent'),
    ];
    return decided(ctx, { ...recordOf(input), operation: 'TRANSFER', unit: unit.code, newParent: newParent.code }, unit);
  }

  @Mutation(() => ReorganizationPayload, { description: 'A unit takes a new name from a day.' })
  async renameUnit(@Arg('input') input: RenameInput, @Context() ctx: Ctx): Promise<ReorganizationPayload> {
    const unit = await unitNamed(ctx, input.unit, input.unitId);
    return decided(ctx, { ...recordOf(input), operation: 'RENAME', unit: unit.code, name: input.name }, unit);
  }

  @Mutation(() => ReorganizationPayload, { description: 'A unit ends on a day, once no unit, member or post is left in it.' })
  async dissolveUnit(@Arg('input') input: ReorganizeInput, @Context() ctx: Ctx): Promise<ReorganizationPayload> {
    const unit = await unitNamed(ctx, input.unit, input.unitId);
    return decided(ctx, { ...recordOf(input), operation: 'DISSOLVE', unit: unit.code }, unit);
  }

  @Mutation(() => ReorganizationPayload, {
    description:
      'Units merge from a day into one that exists or one founded: what they hold passes to it (docs/reorganization.md), they end; ratings in progress follow.',
  })
  async mergeUnits(@Arg('input') input: MergeInput, @Context() ctx: Ctx): Promise<ReorganizationPayload> {
    const newUnit = input.newUnit
      ? {
          ...input.newUnit,
          name: input.newUnit.name ?? undefined,
          kind: input.newUnit.kind ?? undefined,
          parent: input.newUnit.parent ?? undefined,
        }
      : undefined;
    return decided(ctx, { ...recordOf(input), operation: 'MERGE', units: input.units, into: input.into ?? undefined, newUnit }, null);
  }

  @Mutation(() => ReorganizationPayload, {
    description:
      'A unit splits from a day into parts, its members, posts, units below and bodies given to them by a list; ratings in progress follow.',
  })
  async splitUnit(@Arg('input') input: SplitInput, @Context() ctx: Ctx): Promise<ReorganizationPayload> {
    const unit = await unitNamed(ctx, input.unit, input.unitId);
    const parts = input.parts.map((p) => ({
      code: p.code,
      name: p.name ?? undefined,
      kind: p.kind ?? undefined,
      parent: p.parent ?? undefined,
    }));
    return decided(ctx, { ...recordOf(input), operation: 'SPLIT', unit: unit.code, parts, assign: input.assign }, unit);
  }

  @Query(() => [ScheduledReorganizationType], {
    description: `Operations recorded ahead of their day (administrators), latest day first: the pending ones, or with \`all\` also those applied or refused; effective from \`from\` to \`to\` when given. At most ${MAX_SCHEDULED}: more are refused, to be asked by days.`,
  })
  async scheduledReorganizations(
    @Arg('all', { defaultValue: false }) all: boolean,
    @Context() ctx: Ctx,
    @Arg('from', () => String, { nullable: true, description: 'The first effective day (YYYY-MM-DD).' }) from?: string | null,
    @Arg('to', () => String, { nullable: true, description: 'The last effective day (YYYY-MM-DD).' }) to?: string | null,
  ): Promise<ScheduledReorganizationType[]> {
    // The days are read once the caller is known to be an administrator.
    const rows = await ctx.session.bypassingScope(requirePolicy(ctx), 'reorganize', async (db) => {
      const days = { from: from ? checkDate(from, 'from') : null, to: to ? checkDate(to, 'to') : null };
      return scheduledReorganizations(db.manager, { pendingOnly: !all, ...days }, MAX_SCHEDULED + 1);
    });
    // The 2025 reorganization merged communes by the thousand on one day: a list cut short would hide the rest.
    if (rows.length > MAX_SCHEDULED)
      throw badInput(`more than ${MAX_SCHEDULED} operations: ask for fewer days with from and to`, { max: MAX_SCHEDULED }, 'from');
    return rows.map((r) => ({
      ...r,
      record: r.record as unknown as Record<string, unknown>,
      problems: (r.problems as UserError[] | null) ?? [],
    }));
  }
}

/** The day and decision every operation carries, as a record's. */
const recordOf = (input: { effectiveOn: string; decisionRef: string }) => ({
  effectiveOn: checkDate(input.effectiveOn, 'effectiveOn'),
  decisionRef: input.decisionRef,
});

/**
 * Runs an operation in one transaction on the owner's pool (the tree is the owner's to change; the API's role reads it),
 * as the import does, for administrators only; answers the units it returns as they stand from the day, the first as `unit`.
 * An operation dated after today is kept and applied on its day (services/scheduled-reorganizations.ts).
 */
async function decided(ctx: Ctx, record: ReorganizationRecord, unit: { id: string } | null): Promise<ReorganizationPayload> {
  const r: ReorganizationDecision = {
    effectiveOn: record.effectiveOn,
    decisionRef: record.decisionRef,
    today: new Date().toISOString().slice(0, 10),
    recordedBy: requirePolicy(ctx).viewer.personId,
  };
  const outcome = await ctx.session.bypassingScope(requirePolicy(ctx), 'reorganize', (db) =>
    orRefusal(runAgainIfRolledBack(() => db.transaction((em) => recordReorganization(em, record, r)))),
  );
  const { value, userErrors } = answerOf(outcome);
  const none = { unit: null, units: [], quotaScopes: [], scheduled: null, userErrors };
  if (value?.scheduled) return { ...none, scheduled: { ...value.scheduled, record: { ...record }, appliedAt: null, problems: [] } };
  const done = value?.done;
  if (!done) return none;
  // This replica reads the new tree at once; the others when they hear of it (migration 0025).
  forgetKept();
  const standing = await unitsAsOf(ctx.session.em, record.effectiveOn, { ids: done.ids });
  const byId = new Map(standing.map((u) => [u.dbId, u]));
  const units = done.ids.map((id) => byId.get(id)).filter((u): u is UnitType => Boolean(u));
  const [first] = unit ? [byId.get(unit.id) ?? null] : units;
  return { unit: first ?? null, units, quotaScopes: done.quotaScopes, scheduled: null, userErrors: [] };
}
