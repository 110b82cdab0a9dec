import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rule parameters set by a locality for a cycle (e.g. the small-group clause of seed 003 §4.4). */
export class RuleParameters1732000000001 implements MigrationInterface {
  name = 'RuleParameters1732000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rule_parameters (
        id bigserial PRIMARY KEY,
        cycle_id bigint NOT NULL REFERENCES cycle(id) ON DELETE CASCADE,
        unit_id bigint NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
        parameters jsonb NOT NULL,
        source text NOT NULL,
        CONSTRAINT rule_parameters_key UNIQUE (cycle_id, unit_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rule_parameters`);
  }
}
