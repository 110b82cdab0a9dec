import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who votes in a body (services/voting-roster.ts) is read at every decision, proposal and voted
 * self-assessment: the body's executive committee and the posts in the body, each found by an index
 * probe. Without them, each vote scanned the bodies twice and the posts with their collectives
 * (24–27 ms of a 66 ms decision on the national database).
 */
export class PostBodyIndex1732000000033 implements MigrationInterface {
  name = 'PostBodyIndex1732000000033';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX post_body_idx ON post (body_id)`);
    await q.query(`CREATE INDEX body_parent_idx ON body (parent_body_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX body_parent_idx`);
    await q.query(`DROP INDEX post_body_idx`);
  }
}
