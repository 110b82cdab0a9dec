import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the two lookups of the delegation matrix that every decision makes (measured with the
 * benchmark at national scale, 6,698 rows a cycle): the rows whose scope unit is an ancestor of a
 * subject, and the rows that concern a caller's bodies.
 */
export class DelegationLookupIndexes1732000000007 implements MigrationInterface {
  name = 'DelegationLookupIndexes1732000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX delegation_scope_idx ON delegation (cycle_id, scope_unit_id)`);
    await q.query(`CREATE INDEX delegation_delegate_idx ON delegation (delegate_body_id)`);
    await q.query(`CREATE INDEX delegation_delegator_idx ON delegation (delegator_body_id) WHERE delegator_body_id IS NOT NULL`);
    await q.query(`CREATE INDEX delegation_compiler_idx ON delegation (compiler_body_id) WHERE compiler_body_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX delegation_compiler_idx, delegation_delegator_idx, delegation_delegate_idx, delegation_scope_idx`);
  }
}
