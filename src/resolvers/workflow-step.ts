/* Plumbing shared by the mutations of the workflow: transactions, refusals as userErrors, the payload. */
import { GraphQLError } from 'graphql';
import { EntityManager, QueryFailedError } from 'typeorm';
import { Ctx, requirePolicy } from '../context';
import { dbIdOf } from '../schema/global-id';
import { RatingPayload, toRatingType } from '../schema/rating-types';
import { ratingIdOf, StartingRow } from '../data/ratings';
import { appendAudit } from '../services/audit-log';
import * as workflow from '../services/rating-workflow';
import { KEY_REUSED, Missing, Refusal, missing } from '../services/refusal';
import { apiError } from '../errors';
import { UserError } from '../schema/payloads';
import { RatingRow } from '../services/subject-facts';
import type { AuthorityAsked } from '../policies/request-policy';

/**
 * Runs one workflow step in a transaction: the caller's ability for the rating's cycle, the step,
 * and the payload. A refusal rolls everything back: input and rule refusals come back as userErrors,
 * authority refusals as top-level errors (`answer`).
 */
export async function step(
  ctx: Ctx,
  ratingId: string,
  run: (em: EntityManager, actor: workflow.Actor, r: RatingRow) => Promise<RatingRow>,
  asked?: AuthorityAsked,
): Promise<RatingPayload> {
  return stepOn(ctx, dbIdOf(ratingId, 'Rating', 'rating'), 'rating', run, asked);
}

/** A step that starts from a consultation, a suggestion or a complaint: the same as `step` on its rating, answering for the row named. */
export async function stepFrom(
  ctx: Ctx,
  what: StartingRow,
  dbId: string,
  run: (em: EntityManager, actor: workflow.Actor) => Promise<RatingRow>,
): Promise<RatingPayload> {
  const ratingId = await ratingIdOf(ctx.session.em, what, dbId);
  if (!ratingId) return answer(new Refusal([missing(what)]));
  return stepOn(ctx, ratingId, what, run);
}

async function stepOn(
  ctx: Ctx,
  id: string,
  what: Missing,
  run: (em: EntityManager, actor: workflow.Actor, r: RatingRow) => Promise<RatingRow>,
  asked?: AuthorityAsked,
): Promise<RatingPayload> {
  const outcome = await inTransaction(ctx, async (em) => {
    const policy = requirePolicy(ctx);
    // The matrix rows of the rating's cycle are usually kept by the replica: no statement.
    const { r: row, actor } = await workflow.lockWithAuthority(em, id, what, policy.viewer.personId, (c) => policy.cycle(em, c), asked);
    // Whoever may not read the subject learns nothing — not even whether their input was well formed: the answer for a
    // missing id. Most steps check the caller's authority first, readability included; for those that did not, or
    // refused before they did, it is asked here before anything is answered or committed.
    const readable = () =>
      actor.hasSeenReadable(row.subjectKind, row.subjectRefId)
        ? Promise.resolve()
        : workflow.requireAbility(em, actor, 'read', row.subjectKind, row.subjectRefId, what);
    let done: RatingRow;
    try {
      done = await run(em, actor, row);
    } catch (e) {
      // A refusal or a bad input tells something of the subject; a failed statement has aborted the transaction (and tells nothing).
      if (e instanceof Refusal || e instanceof GraphQLError) await readable();
      throw e;
    }
    await readable();
    return done;
  });
  if (outcome instanceof Refusal) {
    const refused = outcome.userErrors.filter((e) => e.code === 'NOT_AUTHORIZED');
    if (refused.length) {
      // The refused attempt is kept in the trail, in a transaction of its own (the step's own rolled back).
      await ctx.session.transaction((em) =>
        appendAudit(em, {
          actorPersonId: requirePolicy(ctx).viewer.personId,
          actingForBodyId: null,
          delegationId: null,
          action: 'refused',
          entity: 'rating',
          entityId: id,
          before: null,
          after: { errors: refused.map((e) => e.message) },
        }),
      );
    }
  }
  return answer(outcome);
}

/** Runs a step that opens no rating of its own (openRating): the same transaction and answers. */
export async function guarded(ctx: Ctx, run: (em: EntityManager) => Promise<RatingRow>): Promise<RatingPayload> {
  return answer(await inTransaction(ctx, run));
}

/** What the step wrote (or read under its lock), which is what committed; or the refusal that rolled it back. */
export async function inTransaction<T>(ctx: Ctx, run: (em: EntityManager) => Promise<T>): Promise<T | Refusal> {
  try {
    return await orRefusal(ctx.session.transaction(run));
  } catch (e) {
    if (keyTakenMeanwhile(e)) return new Refusal([KEY_REUSED]);
    throw e;
  }
}

/** What a transaction committed, or the refusal that rolled it back (any other error goes on). */
export async function orRefusal<T>(work: Promise<T>): Promise<T | Refusal> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
}

/**
 * The payload, or the top-level error of an authority refusal: NOT_FOUND for what the caller may
 * not see (exactly as for an id that does not exist), FORBIDDEN for what they see but may not do.
 */
function answer(outcome: RatingRow | Refusal): RatingPayload {
  const { value, userErrors } = answerOf(outcome);
  return { rating: value ? toRatingType(value) : null, userErrors };
}

/** Any mutation's outcome in the payload convention: the value, or the user errors; an authority refusal is thrown as FORBIDDEN or NOT_FOUND. */
export function answerOf<T>(outcome: T | Refusal): { value: T | null; userErrors: UserError[] } {
  if (!(outcome instanceof Refusal)) return { value: outcome, userErrors: [] };
  const authority = outcome.userErrors.find((e) => e.code === 'NOT_FOUND' || e.code === 'NOT_AUTHORIZED');
  if (authority) {
    throw apiError(authority.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'FORBIDDEN', authority.message, {
      field: authority.field,
      ...(authority.figures ? { figures: authority.figures } : {}),
    });
  }
  return { value: null, userErrors: outcome.userErrors as UserError[] };
}

/** A concurrent decision of another rating took the same key first: the unique index refused this one. */
function keyTakenMeanwhile(e: unknown): boolean {
  const driverError = e instanceof QueryFailedError ? (e.driverError as { code?: string; constraint?: string }) : null;
  return driverError?.code === '23505' && driverError.constraint === 'rating_idempotency_key';
}
