import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The condition of the ratings' page-order index: true of every rating (ids are positive), said only by a page that
 * walks the order (data/ratings.ts, reports/delegated-decisions.ts), as the name-order indexes' (migration 0052).
 * Without it a commune secretary's ratings page walked the country's ratings in that order under row-level security,
 * whose bounds the planner cannot see, testing each against the caller's ability until the commune's came: 1.6 s for a
 * commune near the end of the order, against 7 ms for its 1,273 ratings read by path and sorted.
 */
export const PAGE_ORDER_WALKED = (alias?: string) => `${alias ? `${alias}.` : ''}id > 0`;

export class RatingPageOrderWalked1732000000061 implements MigrationInterface {
  name = 'RatingPageOrderWalked1732000000061';

  async up(q: QueryRunner): Promise<void> {
    // A national database indexes 4.4 M ratings: past the pool's statement timeout.
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`DROP INDEX rating_page_order_idx`);
    await q.query(
      `CREATE INDEX rating_page_order_idx ON rating (cycle_id, page_key, id) WHERE annulled_at IS NULL AND ${PAGE_ORDER_WALKED()}`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`DROP INDEX rating_page_order_idx`);
    await q.query(`CREATE INDEX rating_page_order_idx ON rating (cycle_id, page_key, id) WHERE annulled_at IS NULL`);
  }
}
