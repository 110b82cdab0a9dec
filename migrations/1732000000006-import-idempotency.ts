import { MigrationInterface, QueryRunner } from 'typeorm';

/** Imports a client may retry: the key of each import and what it wrote. */
export class ImportIdempotency1732000000006 implements MigrationInterface {
  name = 'ImportIdempotency1732000000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE import_run (key text PRIMARY KEY, counts jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_run`);
  }
}
