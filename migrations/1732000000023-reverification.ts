import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 366-QĐ/TW Art. 12: where complaints or signs of disunity are recorded, the committee directly above
 * re-verifies before the competent level decides — a consultation that cannot be skipped. 004 §I.4.1.1
 * (and 43-HD/BTCTW): the draft report reaches the meeting's members at least 3 working days before it.
 */
export class Reverification1732000000023 implements MigrationInterface {
  name = 'Reverification1732000000023';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE consultation ADD COLUMN purpose text NOT NULL DEFAULT 'OPINION' CONSTRAINT consultation_purpose CHECK (purpose IN ('OPINION', 'REVERIFICATION'))`,
    );
    await q.query(`ALTER TABLE rating ADD COLUMN draft_sent_on date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rating DROP COLUMN draft_sent_on`);
    await q.query(`ALTER TABLE consultation DROP COLUMN purpose`);
  }
}
