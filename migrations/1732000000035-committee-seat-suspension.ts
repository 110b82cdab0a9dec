import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A committee member suspended from committee activity (đình chỉ sinh hoạt cấp ủy) keeps the seat but
 * from that day neither votes nor is reviewed in the committee: they review the time before the
 * suspension at their branch (004 §II.7.16). The day and the decision's reference are kept on the seat.
 */
export class CommitteeSeatSuspension1732000000035 implements MigrationInterface {
  name = 'CommitteeSeatSuspension1732000000035';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE committee_seat ADD COLUMN suspended_on date, ADD COLUMN suspension_ref text`);
    await q.query(
      `ALTER TABLE committee_seat ADD CONSTRAINT committee_seat_suspension_check
         CHECK (suspended_on IS NULL OR (suspended_on >= starts_on AND suspension_ref IS NOT NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE committee_seat DROP CONSTRAINT committee_seat_suspension_check`);
    await q.query(`ALTER TABLE committee_seat DROP COLUMN suspension_ref, DROP COLUMN suspended_on`);
  }
}
