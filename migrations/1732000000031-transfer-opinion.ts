import { MigrationInterface, QueryRunner } from 'typeorm';

/** The opinion of the committee an organization was transferred from during the year (004 §II.7.11; 000 §11(2)): a third purpose of a consultation. */
export class TransferOpinion1732000000031 implements MigrationInterface {
  name = 'TransferOpinion1732000000031';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consultation DROP CONSTRAINT consultation_purpose`);
    await q.query(
      `ALTER TABLE consultation ADD CONSTRAINT consultation_purpose CHECK (purpose IN ('OPINION', 'REVERIFICATION', 'TRANSFER'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM consultation WHERE purpose = 'TRANSFER'`);
    await q.query(`ALTER TABLE consultation DROP CONSTRAINT consultation_purpose`);
    await q.query(`ALTER TABLE consultation ADD CONSTRAINT consultation_purpose CHECK (purpose IN ('OPINION', 'REVERIFICATION'))`);
  }
}
