import { MigrationInterface, QueryRunner } from 'typeorm';

/** A consulted body's opinion may grade each criterion of the template, not only give a level (004 §II.4.1 step 2: "phân tích chất lượng từng tiêu chí"). */
export class ConsultationCriteria1732000000016 implements MigrationInterface {
  name = 'ConsultationCriteria1732000000016';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consultation ADD COLUMN criteria jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consultation DROP COLUMN criteria`);
  }
}
