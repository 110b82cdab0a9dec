import { MigrationInterface, QueryRunner } from 'typeorm';
import { API_ROLE } from './1732000000009-row-level-security';

/** A quota scope's columns of a rating (services/workflow/quota-scope.ts), and its decided level. */
export const QUOTA_TALLY_COLUMNS = 'cycle_id, subject_kind, authority_body_id, authority_office, peer_group, decided_level';

/** The ratings a quota counts: decided and not annulled (the partial condition of rating_quota_idx). */
export const COUNTED = 'annulled_at IS NULL AND decided_level IS NOT NULL';

/** The decided ratings of a transition table, with `sign`; on an UPDATE only those whose scope or level changed (EXCEPT ALL, as migration 0032). */
export const moves = (rows: 'new_rows' | 'old_rows', sign: 1 | -1, other?: 'new_rows' | 'old_rows') =>
  `SELECT ${QUOTA_TALLY_COLUMNS}, ${sign} AS d FROM (SELECT ${QUOTA_TALLY_COLUMNS} FROM ${rows} WHERE ${COUNTED}
     ${other ? `EXCEPT ALL SELECT ${QUOTA_TALLY_COLUMNS} FROM ${other} WHERE ${COUNTED}` : ''}) x`;

/** Adds a statement's net moves to the tally, in key order (concurrent statements lock the same rows in the same order). */
export const applyMoves = (parts: string[]) => `
  INSERT INTO quota_tally AS t (${QUOTA_TALLY_COLUMNS}, n)
  SELECT ${QUOTA_TALLY_COLUMNS}, sum(d)::int FROM (${parts.join(' UNION ALL ')}) m
   GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ON CONSTRAINT quota_tally_scope DO UPDATE SET n = t.n + EXCLUDED.n`;

/** The tally counted from the rows (what the migration writes first, and what the tests compare the kept one with). */
export const QUOTA_TALLY_SQL = `SELECT ${QUOTA_TALLY_COLUMNS}, count(*)::int AS n FROM rating WHERE ${COUNTED} GROUP BY 1, 2, 3, 4, 5, 6`;

/**
 * The decided levels of every quota scope, kept by statement triggers on rating as the subject tally is (migration
 * 0008): a decision's quota check read the scope's decided ratings from rating_quota_idx, ~1,000 for a commune, and
 * every one of them from its heap page where the page was not all visible — which, in the weeks decisions are made,
 * the pages of the ratings being decided are not (0.58 ms of a decision's ~3 ms in PostgreSQL). Only the rating's own
 * columns decide its scope, so the triggers keep the tally exact through imports and reorganizations, with no recount.
 * Counts of decisions per authority, no one's rows: read by the API as the subject tally is, under its own conditions.
 */
export class QuotaTally1732000000051 implements MigrationInterface {
  name = 'QuotaTally1732000000051';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`
      CREATE TABLE quota_tally (
        cycle_id bigint NOT NULL REFERENCES cycle (id) ON DELETE CASCADE,
        subject_kind text NOT NULL,
        authority_body_id bigint NOT NULL,
        authority_office text,
        peer_group text,
        decided_level text NOT NULL,
        n int NOT NULL,
        CONSTRAINT quota_tally_scope UNIQUE NULLS NOT DISTINCT (cycle_id, subject_kind, authority_body_id, authority_office, peer_group, decided_level)
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON quota_tally TO ${API_ROLE}`);
    const triggers: [string, string[], string][] = [
      ['INSERT', [moves('new_rows', 1)], 'NEW TABLE AS new_rows'],
      ['UPDATE', [moves('new_rows', 1, 'old_rows'), moves('old_rows', -1, 'new_rows')], 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
      ['DELETE', [moves('old_rows', -1)], 'OLD TABLE AS old_rows'],
    ];
    for (const [event, parts, transition] of triggers) {
      const fn = `quota_tally_on_${event.toLowerCase()}`;
      await q.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${applyMoves(parts)}; RETURN NULL; END $$`);
      await q.query(`CREATE TRIGGER ${fn} AFTER ${event} ON rating REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    }
    // Counted once, under a lock that holds writers of ratings until the tally and its triggers commit together.
    await q.query(`LOCK TABLE rating IN SHARE MODE`);
    await q.query(`INSERT INTO quota_tally (${QUOTA_TALLY_COLUMNS}, n) ${QUOTA_TALLY_SQL}`);
    await q.query(`ANALYZE quota_tally`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete']) {
      await q.query(`DROP TRIGGER quota_tally_on_${event} ON rating`);
      await q.query(`DROP FUNCTION quota_tally_on_${event}()`);
    }
    await q.query(`DROP TABLE quota_tally`);
  }
}
