import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ratings' page order as a column (`page_key`, RATING_ORDER in data/rated-subject-parts.ts). Indexed as the
 * expression `subject_kind || ' ' || subject_code`, the order could not take a page's cursor under row-level
 * security: `||` is not leakproof, so PostgreSQL kept the cursor's comparison behind the policy, a filter, and each
 * page walked the cycle from its first rating (the country's audit of delegated decisions: 0.43 s to pass 798,507
 * ratings to reach the fortieth page of 10,000). On a column, the comparison is leakproof and the walk starts at the cursor.
 */
export class RatingPageKey1732000000049 implements MigrationInterface {
  name = 'RatingPageKey1732000000049';

  async up(q: QueryRunner): Promise<void> {
    // Every rating is written again: longer than a request's statement.
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(
      `ALTER TABLE rating ADD COLUMN page_key text COLLATE "C" GENERATED ALWAYS AS (subject_kind || ' ' || subject_code) STORED`,
    );
    await q.query(`DROP INDEX rating_page_order_idx`);
    await q.query(`CREATE INDEX rating_page_order_idx ON rating (cycle_id, page_key, id) WHERE annulled_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rating_page_order_idx`);
    await q.query(
      `CREATE INDEX rating_page_order_idx ON rating (cycle_id, ((subject_kind || ' ' || subject_code) COLLATE "C"), id) WHERE annulled_at IS NULL`,
    );
    await q.query(`ALTER TABLE rating DROP COLUMN page_key`);
  }
}
