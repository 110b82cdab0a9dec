import { MigrationInterface, QueryRunner } from 'typeorm';

/** The clause that leaves a subject unrated, kept with the reason when the rating is opened (the pack in force may differ by cycle and locality). */
export class NotRatedSource1732000000018 implements MigrationInterface {
  name = 'NotRatedSource1732000000018';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rating ADD COLUMN not_rated_source text`);
    await q.query(`UPDATE rating SET not_rated_source = CASE WHEN not_rated_reason = 'RATED_AT_OTHER_POST' THEN '004 §II.7.5–7.7' ELSE '004 §II.1.2, §II.7.11–7.12' END
                    WHERE not_rated_reason IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rating DROP COLUMN not_rated_source`);
  }
}
