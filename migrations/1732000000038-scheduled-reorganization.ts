import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reorganization decided ahead of the day it takes effect (the 2025 mergers were decided weeks before 1 July):
 * kept as its dataset record, applied on the day by one replica through the same rules as any other, its outcome
 * (applied, or the problems that refused it then) kept with it.
 */
export class ScheduledReorganization1732000000038 implements MigrationInterface {
  name = 'ScheduledReorganization1732000000038';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scheduled_reorganization (
        id bigserial PRIMARY KEY,
        operation text NOT NULL,
        record jsonb NOT NULL,
        effective_on date NOT NULL,
        decision_ref text,
        recorded_by bigint REFERENCES person(id) ON DELETE RESTRICT,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        applied_at timestamptz,
        problems jsonb
      )`);
    await q.query(`CREATE INDEX scheduled_reorganization_due ON scheduled_reorganization (effective_on) WHERE applied_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scheduled_reorganization`);
  }
}
