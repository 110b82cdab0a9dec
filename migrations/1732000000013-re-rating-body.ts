import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The body that re-rated a result (004 §II.7.8: the directly superior committee). The quota scope
 * stays with the authority that decided in the cycle (authority_body_id); this column says who
 * annulled and replaced the result, for the audit and for Mẫu 03.
 */
export class ReRatingBody1732000000013 implements MigrationInterface {
  name = 'ReRatingBody1732000000013';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rating ADD COLUMN rerated_by_body_id bigint REFERENCES body(id) ON DELETE RESTRICT`);
    await q.query(`CREATE INDEX rating_replaces_idx ON rating (replaces_id) WHERE replaces_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rating_replaces_idx`);
    await q.query(`ALTER TABLE rating DROP COLUMN rerated_by_body_id`);
  }
}
