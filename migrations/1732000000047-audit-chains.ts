import { MigrationInterface, QueryRunner } from 'typeorm';

/** How many lines the audit trail runs in (src/services/audit-log.ts). */
export const AUDIT_CHAINS = 16;

/**
 * The audit trail in sixteen chains instead of one. Every change in the country locked the one head row from its
 * rating's update until its commit (a round trip to the API, which holds the key): ten communes deciding at once
 * queued there (most of the backends sampled mid-decision were waiting on that row). A transaction now appends to the
 * chain its transaction id falls in, so concurrent writers rarely meet; each chain is a single keyed line with a head
 * of its own, verified as before. The events written so far are chain 0, whose head is the old one.
 */
export class AuditChains1732000000047 implements MigrationInterface {
  name = 'AuditChains1732000000047';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_event ADD COLUMN chain smallint NOT NULL DEFAULT 0 CHECK (chain >= 0 AND chain < ${AUDIT_CHAINS})`);
    await q.query(`ALTER TABLE audit_head ADD COLUMN chain smallint NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE audit_head DROP COLUMN one`);
    await q.query(`ALTER TABLE audit_head ALTER COLUMN chain DROP DEFAULT`);
    await q.query(`ALTER TABLE audit_head ADD PRIMARY KEY (chain), ADD CHECK (chain >= 0 AND chain < ${AUDIT_CHAINS})`);
    await q.query(`INSERT INTO audit_head (chain, last_id, hash) SELECT c, 0, 'GENESIS' FROM generate_series(1, ${AUDIT_CHAINS - 1}) c`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [other] = await q.query(`SELECT 1 FROM audit_event WHERE chain <> 0 LIMIT 1`);
    if (other) throw new Error('events were written to chains other than 0: one chain cannot hold them without new links');
    await q.query(`DELETE FROM audit_head WHERE chain <> 0`);
    await q.query(`ALTER TABLE audit_head DROP CONSTRAINT audit_head_pkey, DROP CONSTRAINT audit_head_chain_check`);
    await q.query(`ALTER TABLE audit_head DROP COLUMN chain`);
    await q.query(`ALTER TABLE audit_head ADD COLUMN one boolean PRIMARY KEY DEFAULT true CHECK (one)`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN chain`);
  }
}
