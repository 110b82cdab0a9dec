import { MigrationInterface, QueryRunner } from 'typeorm';
import { API_ROLE } from './1732000000009-row-level-security';

/** The tables `api_enter` reads a caller from, beside those migration 0025 already announces (delegation, unit). */
const CALLER_TABLES = ['person', 'post', 'membership', 'collective', 'body'];

/**
 * A replica keeps each caller across requests (policies/load-viewer.ts): their posts and the scope `api_enter` set,
 * which the next request sets again with four settings instead of reading the caller afresh. `api_enter_kept`
 * answers the caller with those settings; a change to any table the caller is read from is announced on
 * `matrix_changed`, and every replica forgets what it kept (one notification per statement).
 */
export class CallerKeptAcrossRequests1732000000039 implements MigrationInterface {
  name = 'CallerKeptAcrossRequests1732000000039';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION api_enter_kept(p_code text, p_today date) RETURNS json LANGUAGE plpgsql AS $$
      DECLARE caller json := api_enter(p_code, p_today);
      BEGIN
        IF caller IS NULL THEN RETURN NULL; END IF;
        RETURN json_build_object('caller', caller, 'scope', json_build_array(current_setting('app.scope_prefixes'),
          current_setting('app.scope_exact'), current_setting('app.scope_lo'), current_setting('app.scope_hi')));
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION api_enter_kept(text, date) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION api_enter_kept(text, date) TO ${API_ROLE}`);
    for (const t of CALLER_TABLES) {
      await q.query(
        `CREATE TRIGGER ${t}_matrix_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION announce_matrix_change()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of CALLER_TABLES) await q.query(`DROP TRIGGER ${t}_matrix_changed ON ${t}`);
    await q.query(`DROP FUNCTION api_enter_kept(text, date)`);
  }
}
