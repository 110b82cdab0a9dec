import { Arg, Args, ArgsType, Field, ID, Int, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { requirePolicy } from '../context';
import type { Ctx } from '../context';
import { eventsOf, LiveCtx, scopePrefixes, streamOf, wakeUps } from '../live/live-context';
import type { RatingEvent } from '../live/rating-bus';
import { Level } from '../rules';
import { RatingLevelEnum, StageEnum, SubjectKindEnum } from '../schema/enums';
import { toGlobalId } from '../schema/global-id';
import { namedAuthorityQuota, QuotaScopeType } from './follow-up-resolver';
import { overdueSubjects, OverdueAlertType } from '../reports/overdue-alerts';
import { unitOrFail } from './tree-resolver';
import { readableRating } from '../data/ratings';

@ObjectType('RatingStageEvent', {
  description: 'A rating you may read changed stage, level or was replaced: read it with node(id:) for the rest.',
})
class RatingStageEventType {
  @Field(() => ID) rating: string;
  @Field() cycle: string;
  @Field(() => SubjectKindEnum) subjectKind: string;
  @Field() subjectCode: string;
  @Field(() => StageEnum, { description: 'The stage this change brought the rating to.' }) stage: string;
  @Field(() => RatingLevelEnum, {
    nullable: true,
    description: 'The decided level as the rating stands when the event is read (a later change may already have come).',
  })
  decidedLevel: Level | null;
  @Field(() => Int, { description: 'The version as the rating stands when the event is read.' }) version: number;
}

@ArgsType()
class QuotaMeterArgs {
  @Field() cycle: string;
  @Field(() => String, { nullable: true, description: 'Code of the deciding body.' }) authority?: string | null;
  @Field(() => ID, { nullable: true, description: 'The deciding body by its id (instead of, or naming the same as, authority).' })
  authorityId?: string | null;
  @Field(() => SubjectKindEnum) subjectKind: string;
  @Field(() => String, { nullable: true }) office?: string | null;
  @Field(() => String, { nullable: true, description: 'Under 366: the post category a leaders’ quota counts in.' }) peerGroup?:
    string | null;
}

const under = (path: string, prefixes: string[]) => prefixes.some((x) => path.startsWith(x));

/**
 * Live screens (graphql-ws on /graphql): each subscription reads, for every event it hears, through the
 * subscriber's own scope (LiveCtx.scoped) — the events say only which rating changed and where.
 */
@Resolver()
export class LiveResolver {
  @Subscription(() => RatingStageEventType, {
    description:
      'Stage and level changes of the ratings you may read in a cycle, within a unit if given; announced across replicas through PostgreSQL.',
    subscribe: ({ args, context }) => {
      const { cycle, within } = args as { cycle: string; within?: string | null };
      return stageChanges(context as LiveCtx, cycle, within ?? null);
    },
  })
  ratingStageChanged(
    @Root() event: RatingStageEventType,
    @Arg('cycle') _cycle: string,
    @Arg('within', () => ID, { nullable: true, description: 'A Unit: only ratings at or below it.' }) _within: string | null,
  ): RatingStageEventType {
    return event;
  }

  @Subscription(() => QuotaScopeType, {
    description:
      'The quota meter of a deciding authority: its figures now, then again after each decision, re-rating or annulment in its scope.',
    subscribe: ({ args, context }) => quotaMeter(context as LiveCtx, args as QuotaMeterArgs),
  })
  quotaMeter(@Root() figures: QuotaScopeType, @Args() _args: QuotaMeterArgs): QuotaScopeType {
    return figures;
  }

  @Subscription(() => [OverdueAlertType], {
    description:
      'Subjects you may read that became overdue (not decided by their deadline) since the last push, checked every OVERDUE_POLL_MS and after each change of stage in the cycle.',
    subscribe: ({ args, context }) => overdueAlerts(context as LiveCtx, (args as { cycle: string }).cycle),
  })
  overdueAdded(@Root() alerts: OverdueAlertType[], @Arg('cycle') _cycle: string): OverdueAlertType[] {
    return alerts;
  }
}

/** Set up before the stream is returned, so that a refusal (an unknown cycle or unit) is the subscription's error, not a dropped socket. */
async function stageChanges(live: LiveCtx, cycle: string, within: string | null): Promise<AsyncIterableIterator<RatingStageEventType>> {
  const { cycleId, prefixes, withinPath } = await live.scoped(async (ctx) => ({
    cycleId: (await requirePolicy(ctx).cycle(ctx.session.em, cycle)).cycleId,
    prefixes: await scopePrefixes(ctx),
    withinPath: within ? (await unitOrFail(ctx, within, 'within')).path : '',
  }));
  // A cheap first sieve on where the rating is; whether the subscriber may read it is asked of the database, as for a query.
  const events = eventsOf(live.bus, (x) => x.cycle === cycleId && x.path.startsWith(withinPath) && under(x.path, prefixes));
  return streamOf(events, (e) => live.once(e, `stage ${cycle}`, (ctx) => stageEvent(ctx, e, cycle)));
}

async function stageEvent(ctx: Ctx, e: RatingEvent, cycle: string): Promise<RatingStageEventType | null> {
  const r = await readableRating(ctx, e.rating);
  if (!r) return null;
  return Object.assign(new RatingStageEventType(), {
    rating: toGlobalId('Rating', e.rating),
    cycle,
    subjectKind: r.subjectKind,
    subjectCode: r.subjectCode,
    // The event's own stage: read when delivered, the rating may already stand further on (its self-assessment
    // committed before the opening's event was read told a subscriber SELF_ASSESSED twice).
    stage: e.stage,
    decidedLevel: r.decidedLevel,
    version: r.version,
  });
}

async function quotaMeter(live: LiveCtx, args: QuotaMeterArgs): Promise<AsyncIterableIterator<QuotaScopeType>> {
  const read = (ctx: Ctx) => namedAuthorityQuota(ctx, args);
  // Listening before the first read, so that a decision committed in between is not missed; once the scope is known,
  // only its events wait (one at most: the meter reads the latest figures anyway).
  let scope: { cycleId: string; bodyId: string } | null = null;
  const events = eventsOf(
    live.bus,
    (e) =>
      e.kind === args.subjectKind &&
      (e.office ?? '') === (args.office ?? '') &&
      (args.peerGroup == null || e.peerGroup === args.peerGroup) &&
      (scope === null || (e.cycle === scope.cycleId && e.authority === scope.bodyId)),
    1,
  );
  let first;
  try {
    first = await live.scoped(read);
  } catch (e) {
    await events.return?.();
    throw e;
  }
  const known = { cycleId: first.cycleId, bodyId: first.bodyId };
  scope = known;
  return streamOf(
    events,
    async (e) =>
      e.cycle === known.cycleId && e.authority === known.bodyId
        ? (await live.once(e, `quota ${JSON.stringify(args)}`, read)).figures
        : null,
    [first.figures],
  );
}

async function overdueAlerts(live: LiveCtx, cycle: string): Promise<AsyncIterableIterator<OverdueAlertType[]>> {
  const today = () => new Date().toISOString().slice(0, 10);
  const { cycleId, alerts } = await live.scoped(async (ctx) => ({
    cycleId: (await requirePolicy(ctx).cycle(ctx.session.em, cycle)).cycleId,
    alerts: await overdueSubjects(ctx, cycle, today()),
  }));
  const seen = new Set(alerts.map((a) => a.key));
  return streamOf(
    wakeUps(live.bus, (e) => e.cycle === cycleId, live.config.overduePollMs),
    async () => {
      const fresh = (await live.scoped((ctx) => overdueSubjects(ctx, cycle, today()))).filter((a) => !seen.has(a.key));
      for (const a of fresh) seen.add(a.key);
      return fresh.length ? fresh : null;
    },
  );
}
