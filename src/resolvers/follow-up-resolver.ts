import { Arg, Args, ArgsType, Ctx as Context, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Ctx, requirePolicy } from '../context';
import { apiError, badInput } from '../errors';
import { Level, quotaFigures, raisedQuota, tallyBallots } from '../rules';
import { subjectRefOf } from '../schema/authority-types';
import { RatingLevelEnum, SubjectKindEnum } from '../schema/enums';
import { dbIdOf, toGlobalId } from '../schema/global-id';
import { PageArgs } from '../schema/pagination';
import { FindingType, QuotaFiguresType } from '../schema/rules-types';
import { BallotsInput, FactsInput, RatingPayload } from '../schema/rating-types';
import { rulesAt } from '../services/effective-rules';
import { Refusal } from '../services/refusal';
import { rowsCovering } from '../policies/delegation-matrix';
import * as workflow from '../services/rating-workflow';
import { checkDate, withinPathOf } from './tree-resolver';
import { toBallots, toFacts } from './workflow-input';
import { answerOf, inTransaction, step, stepFrom } from './workflow-step';
import { bodyNamed, Named, unitNamed } from './lookup';
import { bodyPlace } from '../data/units';
import { auditTrailPage } from '../data/audit-trail';
import { maySee } from '../data/subjects';
import { overduePage } from '../reports/late-subjects';
import { meaningOfTask, SUBJECT_TASK_NAMES } from '../rules/deadlines';
import { AuditEventConnection, OverdueConnection } from '../schema/follow-up-types';
import { raiseQuota } from '../services/quota-raise';
import { recordDeadlineMet } from '../services/deadlines-met';
import { UserError } from '../schema/payloads';

/** What a new result records besides its level: the facts that changed, the ballots, an override of the ceiling. */
@InputType('NewResultFields')
abstract class NewResultFields {
  @Field(() => FactsInput, {
    nullable: true,
    description: 'Facts that changed since the decision (e.g. the discipline decided later); merged into the recorded facts.',
  })
  facts?: FactsInput | null;
  @Field(() => BallotsInput, {
    nullable: true,
    description: 'The secret ballot of the body deciding the new result; when given it must yield the level.',
  })
  ballots?: BallotsInput | null;
  @Field(() => String, { nullable: true, description: 'Required for a level above the ceiling; listed by the audit.' }) overrideReason?:
    string | null;
}
@InputType('ReRateInput')
class ReRateInput extends NewResultFields {
  @Field(() => ID) rating: string;
  @Field(() => RatingLevelEnum) level: Level;
  @Field({ description: 'Why (e.g. discipline decided later for a violation of that year, 004 §II.7.8).' }) reason: string;
  @Field(() => String, { nullable: true, description: 'The number of the Mẫu 03 decision.' }) decisionRef?: string | null;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}
@InputType('FileComplaintInput')
class FileComplaintInput {
  @Field(() => ID) rating: string;
  @Field() text: string;
}
@InputType('ResolveComplaintInput')
class ResolveComplaintInput extends NewResultFields {
  @Field(() => ID) complaint: string;
  @Field() resolution: string;
  @Field(() => RatingLevelEnum, { nullable: true, description: 'A new level, if the complaint changes the result.' })
  newLevel?: Level | null;
}

@ArgsType()
class OverdueArgs extends PageArgs {
  @Field() cycle: string;
  @Field({ description: 'The day to judge from (YYYY-MM-DD).' }) asOf: string;
  @Field(() => Int, { defaultValue: 0, description: 'Also items due within this many days.' }) dueWithinDays: number;
  @Field(() => [SubjectKindEnum], { nullable: true }) kinds?: string[] | null;
  @Field(() => ID, { nullable: true, description: 'Only subjects in the subtree of this unit.' }) within?: string | null;
  @Field(() => [String], {
    defaultValue: ['RATING_DONE'],
    description: `The deadlines to judge by: the tasks a subject's rating meets (${SUBJECT_TASK_NAMES.join(', ')}); a unit's tasks are in report.deadlines.`,
  })
  tasks: string[];
}

@ArgsType()
class AuditArgs extends PageArgs {
  @Field(() => String, { nullable: true }) entity?: string | null;
  @Field(() => String, { nullable: true }) entityId?: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. decide, reRate, giveOpinion.' }) action?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only the events of rows in the subtree of this unit.' }) within?: string | null;
}

@ObjectType('QuotaScope', {
  description: 'The live quota of one deciding authority, cycle and kind of subject (the decision screen’s meter).',
})
export class QuotaScopeType {
  @Field() authority: string;
  @Field(() => String, { nullable: true }) office: string | null;
  @Field() subjectKind: string;
  @Field(() => String, { nullable: true, description: 'The peer group counted (366: a leader’s post category), or null: the whole kind.' })
  peerGroup: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The decision that raised the scope’s quota for outstanding results (366-QĐ/TW Art. 11), if any.',
  })
  raisedBy: string | null;
  @Field(() => QuotaFiguresType) figures: QuotaFiguresType;
  @Field() source: string;
}

const newResultFields = (input: NewResultFields) => ({
  facts: input.facts ? toFacts(input.facts) : null,
  ballots: input.ballots ? toBallots(input.ballots, ['input', 'ballots']) : null,
  overrideReason: input.overrideReason ?? null,
});

@ObjectType('BallotTally', {
  description: 'What a secret ballot gives (DOMAIN §15.2): the highest level with more than half of those convened, counted from the top.',
})
class BallotTallyType {
  @Field() decided: boolean;
  @Field(() => RatingLevelEnum, { nullable: true }) level: Level | null;
  @Field(() => GraphQLJSONObject) figures: Record<string, number>;
  @Field(() => [FindingType]) findings: FindingType[];
}

@InputType('PlannedDecisionInput')
class PlannedDecisionInput {
  @Field(() => ID) rating: string;
  @Field(() => RatingLevelEnum) level: Level;
}

@ObjectType('SimulatedDecision', { description: 'A planned decision and what the rules would say of it, nothing written.' })
class SimulatedDecisionType {
  ratingId: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'Null for a rating you may not see (the answer for an id that does not exist); the answers follow the plan’s order.',
  })
  get rating(): string | null {
    return this.ratingId ? toGlobalId('Rating', this.ratingId) : null;
  }
  @Field() subject: string;
  @Field(() => RatingLevelEnum) level: Level;
  @Field({
    description:
      'Whether the decision would go through on order, recorded facts, ceiling and quota (votes, consultations and review are checked when it is taken).',
  })
  allowed: boolean;
  @Field(() => [FindingType]) findings: FindingType[];
}

@InputType('RaiseQuotaInput')
class RaiseQuotaInput {
  @Field() cycle: string;
  @Field(() => String, { nullable: true, description: 'Code of the deciding body whose scope is raised.' }) authority?: string | null;
  @Field(() => ID, { nullable: true, description: 'The deciding body by its id (instead of, or naming the same as, authority).' })
  authorityId?: string | null;
  @Field(() => String, { nullable: true, description: 'The office it decides through, if any.' }) office?: string | null;
  @Field(() => SubjectKindEnum) subjectKind: string;
  @Field(() => String, { nullable: true, description: 'The peer group (a leader’s post category) where the pack counts by position.' })
  peerGroup?: string | null;
  @Field({ description: 'The number of the decision raising the quota.' }) decisionRef: string;
  @Field({ description: 'The outstanding results it rests on.' }) reason: string;
}

@ObjectType('RaiseQuotaPayload')
class RaiseQuotaPayload {
  @Field(() => QuotaScopeType, { nullable: true, description: 'The scope’s quota with the raise.' }) quota: QuotaScopeType | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@InputType('RecordDeadlineMetInput')
class RecordDeadlineMetInput {
  @Field() cycle: string;
  @Field(() => String, { nullable: true, description: 'The unit’s code.' }) unit?: string | null;
  @Field(() => ID, { nullable: true, description: 'The unit by its id (instead of, or naming the same as, unit).' }) unitId?: string | null;
  @Field({ description: 'A unit’s task of the cycle’s deadlines (DOSSIERS_TO_CITY, REPORT_TO_CENTRE…).' }) task: string;
  @Field({ description: 'The day it was done (YYYY-MM-DD).' }) metOn: string;
  @Field(() => String, { nullable: true, description: 'The number of the dispatch or report.' }) decisionRef?: string | null;
}

@ObjectType('DeadlineMet', { description: 'A deadline a unit met, as recorded.' })
class DeadlineMetType {
  @Field() task: string;
  @Field() tier: string;
  @Field() dueOn: string;
  @Field() source: string;
  @Field() metOn: string;
  @Field({ description: 'Met after the day it was due.' }) late: boolean;
  @Field(() => String, { nullable: true }) decisionRef: string | null;
}

@ObjectType('RecordDeadlineMetPayload')
class RecordDeadlineMetPayload {
  @Field(() => DeadlineMetType, { nullable: true }) deadline: DeadlineMetType | null;
  @Field(() => [UserError]) userErrors: UserError[];
}

@Resolver()
export class FollowUpResolver {
  @Mutation(() => RecordDeadlineMetPayload, {
    description: 'A unit records that it met one of its deadlines (sent its dossiers, reported upward); report.deadlines counts it.',
  })
  async recordDeadlineMet(@Arg('input') input: RecordDeadlineMetInput, @Context() ctx: Ctx): Promise<RecordDeadlineMetPayload> {
    checkDate(input.metOn, 'metOn');
    const actor = await requirePolicy(ctx).cycle(ctx.session.em, input.cycle);
    const unit = await unitNamed(ctx, input.unit, input.unitId);
    const { value, userErrors } = answerOf(
      await inTransaction(ctx, (em) =>
        recordDeadlineMet(em, actor, { unit, task: input.task, metOn: input.metOn, decisionRef: input.decisionRef?.trim() || null }),
      ),
    );
    return {
      deadline: value ? Object.assign(new DeadlineMetType(), value, { late: value.metOn > value.dueOn }) : null,
      userErrors,
    };
  }

  @Mutation(() => RaiseQuotaPayload, {
    description:
      'The competent level raises a scope’s quota for a unit with outstanding results by a recorded decision (366-QĐ/TW Art. 11: 20% → 25%).',
  })
  async raiseQuota(@Arg('input') input: RaiseQuotaInput, @Context() ctx: Ctx): Promise<RaiseQuotaPayload> {
    const actor = await requirePolicy(ctx).cycle(ctx.session.em, input.cycle);
    const body = await bodyNamed(ctx, input.authority, input.authorityId);
    const peerGroup = input.peerGroup ?? null;
    const { value, userErrors } = answerOf(
      await inTransaction(ctx, (em) =>
        raiseQuota(em, actor, {
          authority: body,
          office: input.office ?? '',
          kind: input.subjectKind,
          peerGroup,
          decisionRef: input.decisionRef,
          reason: input.reason,
        }),
      ),
    );
    if (!value) return { quota: null, userErrors };
    return {
      quota: await quotaScope(ctx, actor.cycleId, actor.referenceDate, body, input.office ?? null, { kind: input.subjectKind, peerGroup }),
      userErrors,
    };
  }

  @Mutation(() => RatingPayload, { description: 'Annuls a result and records a new one (004 §II.7.8); dependent results are flagged.' })
  reRate(@Arg('input') input: ReRateInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, (em, actor, r) =>
      workflow.reRate(em, actor, r, {
        level: input.level,
        reason: input.reason,
        decisionRef: input.decisionRef ?? null,
        expectedVersion: input.expectedVersion,
        ...newResultFields(input),
      }),
    );
  }

  @Mutation(() => RatingPayload, { description: 'A complaint about a result by its subject, assigned to the body that decided.' })
  fileComplaint(@Arg('input') input: FileComplaintInput, @Context() ctx: Ctx) {
    return step(ctx, input.rating, (em, actor, r) => workflow.fileComplaint(em, actor, r, input.text));
  }

  @Mutation(() => RatingPayload, { description: 'Resolves a complaint, with or without a change of level.' })
  async resolveComplaint(@Arg('input') input: ResolveComplaintInput, @Context() ctx: Ctx) {
    const id = dbIdOf(input.complaint, 'Complaint', 'complaint');
    const change = input.newLevel ? { level: input.newLevel, ...newResultFields(input) } : null;
    return stepFrom(ctx, 'complaint', id, (em, actor) => workflow.resolveComplaint(em, actor, id, input.resolution, change));
  }

  @Query(() => OverdueConnection, {
    description: 'Subjects you may read that are not decided by their deadline (or due within some days), most late first.',
  })
  async overdue(@Args() args: OverdueArgs, @Context() ctx: Ctx) {
    checkDate(args.asOf, 'asOf');
    if (args.dueWithinDays < 0 || args.dueWithinDays > 366)
      throw badInput('dueWithinDays: from 0 to 366', { dueWithinDays: args.dueWithinDays }, 'dueWithinDays');
    const unknown = args.tasks.filter((t) => meaningOfTask(t).kind !== 'SUBJECT');
    if (unknown.length || !args.tasks.length)
      throw badInput(
        `tasks: give one or more of ${SUBJECT_TASK_NAMES.join(', ')} (a unit's deadlines are in report.deadlines)`,
        { tasks: unknown },
        'tasks',
      );
    const subjects = await requirePolicy(ctx).cycle(ctx.session.em, args.cycle);
    return overduePage(ctx.session.em, subjects, args, {
      asOf: args.asOf,
      dueWithinDays: args.dueWithinDays,
      kinds: args.kinds,
      tasks: args.tasks,
      withinPath: await withinPathOf(ctx, args.within),
    });
  }

  @Query(() => AuditEventConnection, { description: 'The audit trail, oldest first (administrators and audit staff).' })
  async auditTrail(@Args() args: AuditArgs, @Context() ctx: Ctx) {
    return auditTrailPage(ctx, args, {
      entity: args.entity,
      entityId: args.entityId,
      action: args.action,
      withinPath: await withinPathOf(ctx, args.within),
    });
  }

  @Query(() => QuotaScopeType, {
    description: 'The live quota figures of a deciding authority (a body, and the office it acts through, if any).',
  })
  async quota(
    @Arg('cycle') cycle: string,
    @Arg('authority', () => String, { nullable: true, description: 'Code of the deciding body.' }) authority: string | null,
    @Arg('authorityId', () => ID, {
      nullable: true,
      description: 'The deciding body by its id (instead of, or naming the same as, authority).',
    })
    authorityId: string | null,
    @Arg('subjectKind', () => SubjectKindEnum) subjectKind: string,
    @Arg('office', () => String, { nullable: true }) office: string | null,
    @Arg('peerGroup', () => String, {
      nullable: true,
      description: 'Under 366: the post category a leaders’ quota counts in (rules.quota.peerGroup POSITION).',
    })
    peerGroup: string | null,
    @Context() ctx: Ctx,
  ): Promise<QuotaScopeType> {
    return (await namedAuthorityQuota(ctx, { cycle, authority, authorityId, subjectKind, office, peerGroup })).figures;
  }

  @Query(() => QuotaScopeType, {
    description:
      'The live quota of the scope a subject is decided in: its deciding authority found from the matrix in force, without naming it.',
  })
  async quotaOfSubject(
    @Arg('cycle') cycle: string,
    @Arg('subject', () => ID, { description: 'A Body, Collective, Membership or Post.' }) subject: string,
    @Context() ctx: Ctx,
  ): Promise<QuotaScopeType> {
    const { kind, refId } = subjectRefOf(subject);
    const actor = await requirePolicy(ctx).cycle(ctx.session.em, cycle);
    if (!(await maySee(ctx.session.em, actor, kind, refId))) throw apiError('NOT_FOUND', 'no such subject', { field: ['subject'] });
    const row = (await rowsCovering(ctx.session.em, actor.cycleId, kind, refId)).find((x) => x.power === 'DECIDE' && !x.superseded);
    if (!row)
      throw apiError('NOT_FOUND', 'no row of the matrix in force decides this subject (see matrixCoverage)', { field: ['subject'] });
    const body = await bodyPlace(ctx.session.em, row.delegateBodyId);
    requireQuotaAccess(ctx, body);
    return quotaScope(ctx, actor.cycleId, actor.referenceDate, body, row.delegateOffice, { kind, refId });
  }

  @Query(() => [SimulatedDecisionType], {
    description:
      'The decision screen’s what-if: planned decisions checked in order against what is recorded — order, facts, ceiling, and the quota of each scope from its recorded levels, each planned one counted for the next. Writes nothing.',
  })
  async simulateDecisions(
    @Arg('cycle') cycle: string,
    @Arg('plan', () => [PlannedDecisionInput]) plan: PlannedDecisionInput[],
    @Context() ctx: Ctx,
  ): Promise<SimulatedDecisionType[]> {
    const actor = await requirePolicy(ctx).cycle(ctx.session.em, cycle);
    const items = plan.map((x) => ({ ratingId: dbIdOf(x.rating, 'Rating', 'plan'), level: x.level }));
    return (await workflow.simulateDecisions(ctx.session.em, actor, items)).map((d) => Object.assign(new SimulatedDecisionType(), d));
  }

  @Query(() => BallotTallyType, { description: 'Counts a secret ballot as a decision would (DOMAIN §15.2), without deciding anything.' })
  ballotTally(@Arg('ballots', () => BallotsInput) ballots: BallotsInput, @Context() ctx: Ctx): BallotTallyType {
    requirePolicy(ctx);
    const b = toBallotsOrThrow(ballots);
    const t = tallyBallots(b);
    return { decided: t.decided, level: t.level, figures: t.figures, findings: t.findings };
  }
}

/** The quota of an authority is open to those who act for it, its auditors and administrators. */
function requireQuotaAccess(ctx: Ctx, body: Named): void {
  if (!requirePolicy(ctx).quota({ id: body.id, unitPath: body.path })) {
    throw apiError('FORBIDDEN', 'the quota of an authority is open to those who act for it, its auditors and administrators', {
      authority: body.code,
    });
  }
}

/** The scope of a deciding authority named by code or id, as the `quota` query and the `quotaMeter` subscription ask for it. */
export interface NamedQuotaScope {
  cycle: string;
  authority?: string | null;
  authorityId?: string | null;
  subjectKind: string;
  office?: string | null;
  peerGroup?: string | null;
}

/** The live figures of a named authority's scope, for those who may see them; with the ids a meter listens for. */
export async function namedAuthorityQuota(
  ctx: Ctx,
  args: NamedQuotaScope,
): Promise<{ cycleId: string; bodyId: string; figures: QuotaScopeType }> {
  const { cycleId, referenceDate } = await requirePolicy(ctx).cycle(ctx.session.em, args.cycle);
  const body = await bodyNamed(ctx, args.authority, args.authorityId);
  requireQuotaAccess(ctx, body);
  const figures = await quotaScope(ctx, cycleId, referenceDate, body, args.office ?? null, {
    kind: args.subjectKind,
    peerGroup: args.peerGroup ?? null,
  });
  return { cycleId, bodyId: body.id, figures };
}

/** The live figures of one quota scope, for the decision screen's meter. */
async function quotaScope(
  ctx: Ctx,
  cycleId: string,
  referenceDate: string,
  body: { id: string; code: string; path: string },
  office: string | null,
  subject: { kind: string; refId: string } | { kind: string; peerGroup: string | null },
): Promise<QuotaScopeType> {
  const pack = await rulesAt(ctx.session.em, cycleId, body.path);
  const peerGroup = 'refId' in subject ? await workflow.peerGroupOf(ctx.session.em, pack, subject.kind, subject.refId) : subject.peerGroup;
  const scope = await workflow.quotaOfAuthority(
    ctx.session.em,
    { cycleId, referenceDate, kind: subject.kind, authority: { bodyId: body.id, office: office ?? '' }, peerGroup },
    { minMonths: pack.eligibility.minMonths },
  );
  const rule = raisedQuota(pack.quota, scope.raisedBy);
  return {
    authority: body.code,
    office,
    subjectKind: subject.kind,
    peerGroup,
    raisedBy: scope.raisedBy,
    figures: quotaFigures(rule, scope.eligible, scope.decided),
    source: rule.source,
  };
}

/** Ballot counts as a query's argument: malformed counts are the client's mistake (BAD_USER_INPUT), with the figures. */
function toBallotsOrThrow(b: BallotsInput) {
  try {
    return toBallots(b, ['ballots']);
  } catch (e) {
    if (e instanceof Refusal) throw badInput(e.userErrors[0].message, e.userErrors[0].figures ?? {}, 'ballots');
    throw e;
  }
}
