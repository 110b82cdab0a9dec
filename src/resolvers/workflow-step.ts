import { EntityManager } from 'typeorm';
import { Ctx, requireViewer } from '../context';
import { PreparedStatement } from '../db/prepared-statement';
import { bodiesOf } from '../policies/ability';
import { CYCLE_WITH_ROWS, CycleWithRows, abilityOfCycle } from '../policies/request-ability';
import { dbIdOf } from '../schema/global-id';
import { RatingPayload, RatingType } from '../schema/rating-types';
import { appendAudit } from '../services/audit-log';
import * as workflow from '../services/rating-workflow';
import { Refusal } from '../services/refusal';
import { RATING_COLUMNS, RatingRow } from '../services/subject-facts';

const CYCLE_OF_RATING = new PreparedStatement(`SELECT ${CYCLE_WITH_ROWS('c', '$2')} FROM rating r JOIN cycle c ON c.id = r.cycle_id WHERE r.id = $1`);
const CURRENT_RATING_FOR_UPDATE = new PreparedStatement(`SELECT ${RATING_COLUMNS('x')} FROM rating x WHERE x.id = $1 AND x.annulled_at IS NULL FOR UPDATE`);

export const toRatingType = ({ id, ...row }: RatingRow): RatingType => Object.assign(new RatingType(), { ...row, dbId: id });

/** Plumbing shared by the mutations of the workflow: transactions, refusals as userErrors, the payload. */
export async function ratingById(em: EntityManager, id: string): Promise<RatingType | null> {
  const [row] = await em.query(`SELECT ${RATING_COLUMNS('r')} FROM rating r WHERE r.id = $1`, [id]);
  return row ? toRatingType(row) : null;
}


/**
 * Runs one workflow step in a transaction: the caller's ability for the rating's cycle, the step,
 * and the payload. A refusal rolls everything back and comes back as userErrors.
 */
export async function step(ctx: Ctx, ratingId: string, run: (em: EntityManager, actor: workflow.Actor, r: RatingRow) => Promise<RatingRow>): Promise<RatingPayload> {
  const viewer = requireViewer(ctx);
  const id = dbIdOf(ratingId, 'Rating', 'rating');
  const [cycle] = await CYCLE_OF_RATING.run<CycleWithRows>(ctx.db.manager, [id, bodiesOf(viewer)]);
  if (!cycle) return { rating: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', 'rating'], message: 'no such rating', rule: null, source: null, figures: null }] };
  const cycleAbility = await abilityOfCycle(ctx, cycle);
  const payload = await guarded(ctx, async (em) => {
    const [row] = await CURRENT_RATING_FOR_UPDATE.run<RatingRow>(em, [id]);
    if (!row) throw new Refusal([{ code: 'NOT_FOUND', field: ['input', 'rating'], message: 'the rating was annulled; use the current one', rule: null, source: null, figures: null }]);
    return run(em, { ...cycleAbility, viewer }, row);
  });
  const refused = payload.userErrors.filter((e) => e.code === 'NOT_AUTHORIZED');
  if (refused.length) {
    // The refused attempt is kept in the trail, in a transaction of its own (the step's own rolled back).
    await ctx.db.transaction((em) => appendAudit(em, {
      actorPersonId: viewer.personId, actingForBodyId: null, delegationId: null, action: 'refused', entity: 'rating', entityId: id,
      before: null, after: { errors: refused.map((e) => e.message) },
    }));
  }
  return payload;
}

export async function guarded(ctx: Ctx, run: (em: EntityManager) => Promise<RatingRow>): Promise<RatingPayload> {
  try {
    // The row the step wrote (or read under its lock) is what committed: no need to read it again.
    return { rating: toRatingType(await ctx.db.transaction(run)), userErrors: [] };
  } catch (e) {
    if (e instanceof Refusal) return { rating: null, userErrors: e.userErrors };
    throw e;
  }
}

export function expectVersion(r: RatingRow, expected: number | null | undefined): void {
  if (expected != null && expected !== r.version) {
    throw new Refusal([{ code: 'STALE_VERSION', field: ['input', 'expectedVersion'], message: `the rating changed since you read it (version ${r.version}, you sent ${expected}); reload and retry`, rule: null, source: null, figures: { current: r.version, sent: expected } }]);
  }
}

