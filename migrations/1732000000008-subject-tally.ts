import { MigrationInterface, QueryRunner } from 'typeorm';
import { RATING_SUBJECT_V2 } from './1732000000005-rating-subject-join-removal';

/** The per-kind subject views as created here (migration 0022 replaces them with a seats column added). */
export const SUBJECT_VIEWS = {
  subject_party_organization: `SELECT 'PARTY_ORGANIZATION'::text AS kind, b.id AS ref_id, b.code, b.name AS label, u.id AS unit_id, u.path AS unit_path,
      u.depth AS unit_depth, u.kind AS category, NULL::bigint AS person_id
    FROM body b JOIN unit u ON u.id = b.unit_id WHERE b.kind = 'PARTY_ORGANIZATION'`,
  subject_leadership_collective: `SELECT 'LEADERSHIP_COLLECTIVE'::text AS kind, c.id AS ref_id, c.code, c.name AS label, u.id AS unit_id, u.path AS unit_path,
      u.depth AS unit_depth, c.kind AS category, NULL::bigint AS person_id
    FROM collective c JOIN unit u ON u.id = c.unit_id`,
  subject_party_member: `SELECT 'PARTY_MEMBER'::text AS kind, m.id AS ref_id, p.code, p.full_name AS label, m.branch_id AS unit_id, m.unit_path,
      u.depth AS unit_depth, NULL::text AS category, m.person_id
    FROM membership m LEFT JOIN unit u ON u.id = m.branch_id LEFT JOIN person p ON p.id = m.person_id`,
  subject_leader: `SELECT 'LEADER'::text AS kind, po.id AS ref_id, po.code, po.title AS label, po.unit_id, po.unit_path,
      u.depth AS unit_depth, po.category, po.person_id
    FROM post po LEFT JOIN unit u ON u.id = po.unit_id`,
};

/** The count of subjects per group, computed from scratch (also what the tests compare the maintained table with). */
export const SUBJECT_TALLY_SQL = `
  SELECT c.id AS cycle_id, a.kind, a.unit_path, a.unit_depth, a.category, COALESCE(r.stage, 'NOT_STARTED') AS stage, r.decided_level AS level, count(*)::int AS n
    FROM cycle c CROSS JOIN rating_subject a
    LEFT JOIN rating r ON r.cycle_id = c.id AND r.subject_kind = a.kind AND r.subject_ref_id = a.ref_id AND r.annulled_at IS NULL
   GROUP BY 1, 2, 3, 4, 5, 6, 7`;

/**
 * One side of a change of rating rows: +1 or -1 for each row's subject group, at the row's stage
 * (NOT_STARTED once annulled) or at NOT_STARTED. The subject is looked up row by row (LATERAL with
 * OFFSET 0 is not flattened): a transition table has no statistics, and a join planned for many rows
 * scanned every membership at each decision.
 */
export const side = (rows: string, sign: 1 | -1, at: 'row' | 'NOT_STARTED') => `
  SELECT x.cycle_id, x.subject_kind AS kind, s.unit_path, s.unit_depth, s.category,
         ${at === 'row' ? `CASE WHEN x.annulled_at IS NULL THEN x.stage ELSE 'NOT_STARTED' END` : `'NOT_STARTED'`} AS stage,
         ${at === 'row' ? 'CASE WHEN x.annulled_at IS NULL THEN x.decided_level END' : 'NULL::text'} AS level, ${sign} AS d
    FROM ${rows} x CROSS JOIN LATERAL (
      SELECT s.unit_path, s.unit_depth, s.category FROM rating_subject s WHERE s.kind = x.subject_kind AND s.ref_id = x.subject_ref_id OFFSET 0) s`;

/** Adds the net moves of a statement to the tally, in key order (concurrent statements lock the same rows in the same order). */
export const applyMoves = (parts: string[]) => `
  INSERT INTO subject_tally AS t (cycle_id, kind, unit_path, unit_depth, category, stage, level, n)
  SELECT cycle_id, kind, unit_path, unit_depth, category, stage, level, sum(d)::int
    FROM (${parts.join(' UNION ALL ')}) moves
   GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(d) <> 0
   ORDER BY 1, 2, 3, 5, 6, 7
  ON CONFLICT (cycle_id, kind, unit_path, category, stage, level) DO UPDATE SET n = t.n + EXCLUDED.n`;

/**
 * One view per kind of subject (a query about one kind plans one branch, not four), and the
 * subject tally: how many subjects of each group (cycle, kind, unit, category) stand at each stage
 * and level — what the reports count, kept current by statement triggers on rating, so a report of
 * the whole country sums a few hundred thousand groups instead of joining millions of rows.
 * A group holds only the columns that the policies' conditions read, so a caller's scope applies to
 * it unchanged (policies/casl-sql.ts); subjects without a rating are NOT_STARTED. Imports rebuild it
 * (subject_tally_rebuild), since they may move subjects; the generator writes it with its rows.
 */
export class SubjectTally1732000000008 implements MigrationInterface {
  name = 'SubjectTally1732000000008';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, sql] of Object.entries(SUBJECT_VIEWS)) await q.query(`CREATE VIEW ${name} AS ${sql}`);
    await q.query(
      `CREATE OR REPLACE VIEW rating_subject AS ${Object.keys(SUBJECT_VIEWS)
        .map((v) => `SELECT * FROM ${v}`)
        .join(' UNION ALL ')}`,
    );
    await q.query(`
      CREATE TABLE subject_tally (
        cycle_id bigint NOT NULL REFERENCES cycle (id) ON DELETE CASCADE,
        kind text COLLATE "C" NOT NULL,
        unit_path text COLLATE "C" NOT NULL,
        unit_depth int NOT NULL,
        category text COLLATE "C",
        stage text COLLATE "C" NOT NULL,
        level text COLLATE "C",
        n int NOT NULL,
        CONSTRAINT subject_tally_group UNIQUE NULLS NOT DISTINCT (cycle_id, kind, unit_path, category, stage, level)
      )`);
    // Codes, not words: byte order groups and sorts a report's rows several times faster than a locale.
    await q.query(`CREATE INDEX subject_tally_path_idx ON subject_tally (cycle_id, unit_path)`);
    // The lock waits for the transactions whose triggers moved counts, and holds new ones until the
    // rebuild commits (their moves then apply to the new counts); readers go on reading the old ones.
    await q.query(`
      CREATE FUNCTION subject_tally_rebuild() RETURNS void LANGUAGE sql AS $$
        LOCK TABLE subject_tally IN SHARE ROW EXCLUSIVE MODE;
        DELETE FROM subject_tally;
        INSERT INTO subject_tally (cycle_id, kind, unit_path, unit_depth, category, stage, level, n) ${SUBJECT_TALLY_SQL};
      $$`);
    const triggers: [string, string[]][] = [
      ['INSERT', [side('new_rows', 1, 'row'), side('new_rows', -1, 'NOT_STARTED')]],
      ['UPDATE', [side('new_rows', 1, 'row'), side('old_rows', -1, 'row')]],
      ['DELETE', [side('old_rows', -1, 'row'), side('old_rows', 1, 'NOT_STARTED')]],
    ];
    for (const [event, parts] of triggers) {
      const fn = `subject_tally_on_${event.toLowerCase()}`;
      await q.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${applyMoves(parts)}; RETURN NULL; END $$`);
      const transition =
        event === 'INSERT'
          ? 'NEW TABLE AS new_rows'
          : event === 'DELETE'
            ? 'OLD TABLE AS old_rows'
            : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
      await q.query(`CREATE TRIGGER ${fn} AFTER ${event} ON rating REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    }
    // Counting an existing national database takes longer than the API's statement timeout.
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`SELECT subject_tally_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete']) {
      await q.query(`DROP TRIGGER subject_tally_on_${event} ON rating`);
      await q.query(`DROP FUNCTION subject_tally_on_${event}()`);
    }
    await q.query(`DROP FUNCTION subject_tally_rebuild()`);
    await q.query(`DROP TABLE subject_tally`);
    await q.query(`CREATE OR REPLACE VIEW rating_subject AS ${RATING_SUBJECT_V2}`);
    for (const name of Object.keys(SUBJECT_VIEWS).reverse()) await q.query(`DROP VIEW ${name}`);
  }
}
