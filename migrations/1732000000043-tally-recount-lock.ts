import { MigrationInterface, QueryRunner } from 'typeorm';
import { SUBJECT_TALLY_SQL } from './1732000000008-subject-tally';

/**
 * Two transactions that count the subject tally again at once deadlocked: each had moved ratings (its statement
 * triggers hold the tally in ROW EXCLUSIVE mode) or had had its SQL-language rebuild parsed (which opens the tally in
 * that mode before the function's LOCK runs), then each waited for the other to let go before taking the tally in
 * SHARE ROW EXCLUSIVE mode. A recount now first takes one transaction-level advisory lock, before any write to a
 * rating: recounts queue there holding nothing, and decisions, which never recount, do not take it.
 */
export class TallyRecountLock1732000000043 implements MigrationInterface {
  name = 'TallyRecountLock1732000000043';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION subject_tally_recount_begin() RETURNS void LANGUAGE sql AS $$
        SELECT pg_advisory_xact_lock(hashtextextended('subject_tally recount', 0))
      $$`);
    // PL/pgSQL plans each statement when it first runs, so nothing is locked before the advisory lock is held.
    await q.query(`
      CREATE OR REPLACE FUNCTION subject_tally_rebuild() RETURNS void LANGUAGE plpgsql AS $$ BEGIN
        PERFORM subject_tally_recount_begin();
        LOCK TABLE subject_tally IN SHARE ROW EXCLUSIVE MODE;
        DELETE FROM subject_tally;
        INSERT INTO subject_tally (cycle_id, kind, unit_path, unit_depth, category, stage, level, n) ${SUBJECT_TALLY_SQL};
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION subject_tally_rebuild() RETURNS void LANGUAGE sql AS $$
        LOCK TABLE subject_tally IN SHARE ROW EXCLUSIVE MODE;
        DELETE FROM subject_tally;
        INSERT INTO subject_tally (cycle_id, kind, unit_path, unit_depth, category, stage, level, n) ${SUBJECT_TALLY_SQL};
      $$`);
    await q.query(`DROP FUNCTION subject_tally_recount_begin()`);
  }
}
