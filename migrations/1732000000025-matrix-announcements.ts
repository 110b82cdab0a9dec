import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables a cycle's matrix rows are read from (CYCLE_WITH_ROWS): a change to any of them is a change of authority. */
const MATRIX_TABLES = ['delegation', 'management_list', 'cycle', 'unit'];

/**
 * Replicas keep the matrix rows of a cycle across requests (policies/matrix-cache.ts); a statement that
 * changes them announces it on `matrix_changed` when it commits, and every replica forgets what it kept.
 * One notification per statement, not per row: a bulk import costs one.
 */
export class MatrixAnnouncements1732000000025 implements MigrationInterface {
  name = 'MatrixAnnouncements1732000000025';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION announce_matrix_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('matrix_changed', TG_TABLE_NAME); RETURN NULL; END $$`);
    for (const t of MATRIX_TABLES) {
      await q.query(
        `CREATE TRIGGER ${t}_matrix_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION announce_matrix_change()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of MATRIX_TABLES) await q.query(`DROP TRIGGER ${t}_matrix_changed ON ${t}`);
    await q.query(`DROP FUNCTION announce_matrix_change()`);
  }
}
