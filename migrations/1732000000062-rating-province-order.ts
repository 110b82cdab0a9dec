import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ratings' page order within each province: the rating's province (the first step of its path) kept as a column,
 * so that a comparison with it is leakproof and an index condition under row-level security (as `page_key`, migration
 * 0049), and an index on the order within it. A province secretary's page walked the country's order to their
 * province's ratings, which lie together in it (their subjects' codes): 52 ms for the second province, 1.58 s for the
 * last of 34; sorting a province's 131,446 ratings, each tested against the ability, took about 1 s. Only a page that
 * walks a province names the column: no other read is planned along the index.
 */
export class RatingProvinceOrder1732000000062 implements MigrationInterface {
  name = 'RatingProvinceOrder1732000000062';

  async up(q: QueryRunner): Promise<void> {
    // Every rating is written again: longer than a request's statement.
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(
      `ALTER TABLE rating ADD COLUMN province_path text COLLATE "C" GENERATED ALWAYS AS (substring(unit_path from '^/[^/]*/')) STORED`,
    );
    await q.query(`CREATE INDEX rating_province_order_idx ON rating (cycle_id, province_path, page_key, id) WHERE annulled_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rating_province_order_idx`);
    await q.query(`ALTER TABLE rating DROP COLUMN province_path`);
  }
}
