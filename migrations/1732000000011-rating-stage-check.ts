import { MigrationInterface, QueryRunner } from 'typeorm';

/** The stages of src/rules/stages.ts, as the database keeps them: no write can leave a rating at a stage the machine does not know. */
const STAGES = ['OPEN', 'SELF_ASSESSED', 'VERIFIED', 'PROPOSED', 'DECIDED', 'PUBLISHED', 'NOT_RATED'];

export class RatingStageCheck1732000000011 implements MigrationInterface {
  name = 'RatingStageCheck1732000000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rating ADD CONSTRAINT rating_stage_known CHECK (stage IN (${STAGES.map((s) => `'${s}'`).join(', ')}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rating DROP CONSTRAINT rating_stage_known`);
  }
}
