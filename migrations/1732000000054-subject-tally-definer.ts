import { MigrationInterface, QueryRunner } from 'typeorm';

const TALLY_TRIGGERS = ['subject_tally_on_insert', 'subject_tally_on_update', 'subject_tally_on_delete'];

/**
 * The subject tally's triggers (migrations 0008, 0032) look up each written rating's subject in `rating_subject`. Run
 * with the writer's rights, that lookup went through the row-level security of the memberships and posts behind it: the
 * policy's settings read and its ranges tested for every rating written (a decision's update 0.52–0.69 ms with definer's
 * rights against 0.72–0.83 ms, medians of ten, national database), and a subject outside the writer's scope would not
 * have been found, its move left out of the tally. The tally is the database's own count, as the other triggers that
 * keep copies are (0009, 0040, 0052): with the definer's rights, whoever writes the rating.
 */
export class SubjectTallyDefiner1732000000054 implements MigrationInterface {
  name = 'SubjectTallyDefiner1732000000054';

  async up(q: QueryRunner): Promise<void> {
    for (const f of TALLY_TRIGGERS) await q.query(`ALTER FUNCTION ${f}() SECURITY DEFINER SET search_path = public`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const f of TALLY_TRIGGERS) await q.query(`ALTER FUNCTION ${f}() SECURITY INVOKER RESET search_path`);
  }
}
