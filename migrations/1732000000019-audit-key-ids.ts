import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each audit event names the key its HMAC was made with (the secret itself stays out of the
 * database); the head remembers the key of the last event, so that a new key is recorded as a
 * rotation event before its first use.
 */
export class AuditKeyIds1732000000019 implements MigrationInterface {
  name = 'AuditKeyIds1732000000019';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_event ADD COLUMN key_id text`);
    await q.query(`ALTER TABLE audit_head ADD COLUMN key_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_head DROP COLUMN key_id`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN key_id`);
  }
}
