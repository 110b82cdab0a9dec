import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The current ratings of a cycle in the ratings page's order (data/ratings.ts): a caller whose ratings span whole
 * provinces walks it to a page instead of sorting every rating it may read (the country's administrator: 8 s for
 * the first fifty of 4.4 million).
 */
export class RatingPageOrder1732000000044 implements MigrationInterface {
  name = 'RatingPageOrder1732000000044';

  async up(q: QueryRunner): Promise<void> {
    // The expression of RATING_ORDER (data/rated-subject-parts.ts), which the planner matches to it.
    await q.query(
      `CREATE INDEX rating_page_order_idx ON rating (cycle_id, ((subject_kind || ' ' || subject_code) COLLATE "C"), id) WHERE annulled_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rating_page_order_idx`);
  }
}
