import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether the tree changed since a day (a report of a past cycle then counts on the tree as it stood,
 * data/units.ts subtreeThen): an index probe on the versions that moved a unit, not a scan of them all.
 */
export class TreeChangesIndex1732000000030 implements MigrationInterface {
  name = 'TreeChangesIndex1732000000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX unit_version_moves ON unit_version (valid_from) WHERE operation NOT IN ('FOUNDED', 'RENAME')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX unit_version_moves`);
  }
}
