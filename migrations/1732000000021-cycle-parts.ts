import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 366-QĐ/TW Art. 1, 3, 15: a review is held by term, yearly, quarterly or ad hoc, and quarterly results
 * feed the yearly rating, yearly results the term rating. A cycle may be part of another: a quarter of
 * its year, a year of its term.
 */
export class CycleParts1732000000021 implements MigrationInterface {
  name = 'CycleParts1732000000021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE cycle ADD COLUMN part_of_id bigint REFERENCES cycle(id) ON DELETE RESTRICT CONSTRAINT cycle_not_part_of_itself CHECK (part_of_id <> id)`,
    );
    await q.query(`CREATE INDEX cycle_part_of ON cycle (part_of_id) WHERE part_of_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cycle DROP COLUMN part_of_id`);
  }
}
