import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Replicas keep the rule packs in force at units across requests (services/effective-rules.ts), as they
 * keep the matrix rows: a change of a locality's rule parameters is announced on `matrix_changed` as a
 * change of the matrix is (migration 0025), and every replica forgets what it kept.
 */
export class RuleParameterAnnouncements1732000000034 implements MigrationInterface {
  name = 'RuleParameterAnnouncements1732000000034';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TRIGGER rule_parameters_matrix_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rule_parameters FOR EACH STATEMENT EXECUTE FUNCTION announce_matrix_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER rule_parameters_matrix_changed ON rule_parameters`);
  }
}
