import { MigrationInterface, QueryRunner } from 'typeorm';
import { API_ROLE } from './1732000000009-row-level-security';

/**
 * Management lists (diện … quản lý, 004 §II.6.2.1; 003 §II.5): for each body and cycle, the titles and
 * collectives it manages, each entry a selector of the same shape as a delegation row (kind,
 * categories, scope unit and mode), so that "on the list of body X" compiles to conditions on the
 * subject's flat columns like any row. Delegation rows may require a list (`listed_by_body_id`) and
 * may except categories or another list (003 §III.2: "except members of the standing committee").
 */
export class ManagementLists1732000000012 implements MigrationInterface {
  name = 'ManagementLists1732000000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE management_list (
        id bigserial PRIMARY KEY,
        code text NOT NULL CONSTRAINT management_list_code_key UNIQUE,
        cycle_id bigint NOT NULL REFERENCES cycle (id) ON DELETE CASCADE,
        body_id bigint NOT NULL REFERENCES body (id),
        subject_kind text NOT NULL,
        subject_categories text[] NOT NULL DEFAULT '{}',
        scope_unit_id bigint NOT NULL REFERENCES unit (id),
        scope_mode text NOT NULL DEFAULT 'SUBTREE' CHECK (scope_mode IN ('SELF', 'CHILDREN', 'SUBTREE', 'BELOW')),
        source text NOT NULL,
        note text
      )`);
    await q.query(`CREATE INDEX management_list_body_idx ON management_list (cycle_id, body_id)`);
    await q.query(`ALTER TABLE delegation ADD COLUMN listed_by_body_id bigint REFERENCES body (id),
      ADD COLUMN except_categories text[] NOT NULL DEFAULT '{}', ADD COLUMN except_listed_by_body_id bigint REFERENCES body (id)`);
    // Matrix data, like the delegation rows: the API reads it (default privileges cover new tables; said again for clarity).
    await q.query(`GRANT SELECT ON management_list TO ${API_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE delegation DROP COLUMN listed_by_body_id, DROP COLUMN except_categories, DROP COLUMN except_listed_by_body_id`,
    );
    await q.query(`DROP TABLE management_list`);
  }
}
