import { MigrationInterface, QueryRunner } from 'typeorm';
import { API_ROLE, inScope } from './1732000000009-row-level-security';

/** The API's role for a caller whose scope is several subtrees (policies/load-viewer.ts sets it with the scope). */
export const SCATTERED_ROLE = 'rating_api_scattered';

/**
 * The API's role for a scope, given SQL for its `app.scope_exact` setting, set only on a connection running as one of
 * the API's roles (an owner keeps theirs): `api_enter_kept` below and `API_RESUME` (policies/load-viewer.ts) both set it.
 */
export const setRoleForScope = (exact: string) => `CASE WHEN current_user IN ('${API_ROLE}', '${SCATTERED_ROLE}')
  THEN set_config('role', CASE WHEN ${exact} = 'on' THEN '${API_ROLE}' ELSE '${SCATTERED_ROLE}' END, false) END`;

const PATH_TABLES = ['membership', 'post', 'rating', 'consultation', 'review_suggestion', 'complaint', 'audit_event'];

/**
 * The scope's range, read once per statement. Its lower bound is NULL — nothing is visible — when the scope is several
 * subtrees and the connection's role is not the one whose policy checks them (fails closed: a role left behind by a
 * mistake hides rows, never shows those between the subtrees).
 */
const inRange = (column: string) => `(${column} >= (SELECT CASE WHEN current_setting('app.scope_exact', true) = 'on'
     OR current_user = '${SCATTERED_ROLE}' THEN current_setting('app.scope_lo', true) END)
   AND ${column} < (SELECT current_setting('app.scope_hi', true)))`;

/** "The row's path starts with one of the caller's prefixes": checked row by row, only for a scope of several subtrees. */
const underPrefixes = (column: string) => `(${column} ^@ ANY ((SELECT current_setting('app.scope_prefixes', true)::text[])::text[]))`;

/**
 * The prefixes checked only where they narrow the range. Migration 0009's policy checked, on every row the range
 * reached, "the scope is one subtree, or the row lies under one of its prefixes": a commune's member page reaches 1,630
 * rows for the 51 it shows, and that check cost its SQL 10–15 % (national database, the owner's plan beside the API
 * role's, alternated in one session: 1.148× against 1.051× with the range alone). Now the API's role checks the range
 * alone, and a caller whose scope is several subtrees runs as `rating_api_scattered`, a member of `rating_api` (its
 * privileges and its policies) with a restrictive policy of its own that adds the prefixes. The role is set with the
 * scope, in the same statement (api_enter_kept below; load-viewer.ts), and the range shows nothing to a scope of
 * several subtrees under the API's role.
 */
export class ScatteredScopeRole1732000000058 implements MigrationInterface {
  name = 'ScatteredScopeRole1732000000058';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN CREATE ROLE ${SCATTERED_ROLE} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
    await q.query(`GRANT ${API_ROLE} TO ${SCATTERED_ROLE}`);
    await q.query(`GRANT ${SCATTERED_ROLE} TO CURRENT_USER`);
    for (const t of PATH_TABLES) {
      if (t === 'audit_event') {
        await q.query(`ALTER POLICY read_in_scope ON audit_event USING ${inRange('unit_path')}`);
        await q.query(`CREATE POLICY read_under_prefixes ON audit_event AS RESTRICTIVE FOR SELECT TO ${SCATTERED_ROLE}
          USING ${underPrefixes('unit_path')}`);
      } else {
        await q.query(`ALTER POLICY in_scope ON ${t} USING ${inRange('unit_path')} WITH CHECK ${inRange('unit_path')}`);
        await q.query(`CREATE POLICY under_prefixes ON ${t} AS RESTRICTIVE TO ${SCATTERED_ROLE}
          USING ${underPrefixes('unit_path')} WITH CHECK ${underPrefixes('unit_path')}`);
      }
    }
    await q.query(enterKept(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(enterKept(false));
    for (const t of PATH_TABLES) {
      if (t === 'audit_event') {
        await q.query(`DROP POLICY read_under_prefixes ON audit_event`);
        await q.query(`ALTER POLICY read_in_scope ON audit_event USING ${inScope('unit_path')}`);
      } else {
        await q.query(`DROP POLICY under_prefixes ON ${t}`);
        await q.query(`ALTER POLICY in_scope ON ${t} USING ${inScope('unit_path')} WITH CHECK ${inScope('unit_path')}`);
      }
    }
    await q.query(`REVOKE ${API_ROLE} FROM ${SCATTERED_ROLE}`);
  }
}

/**
 * `api_enter_kept` (migration 0039), which also sets the API's role for the scope it set — only on a connection running
 * as one of the API's roles: an owner calling it keeps theirs.
 */
const enterKept = (settingRole: boolean) => `
  CREATE OR REPLACE FUNCTION api_enter_kept(p_code text, p_today date) RETURNS json LANGUAGE plpgsql AS $$
  DECLARE caller json := api_enter(p_code, p_today);
  BEGIN
    ${settingRole ? `PERFORM ${setRoleForScope(`current_setting('app.scope_exact')`)};` : ''}
    IF caller IS NULL THEN RETURN NULL; END IF;
    RETURN json_build_object('caller', caller, 'scope', json_build_array(current_setting('app.scope_prefixes'),
      current_setting('app.scope_exact'), current_setting('app.scope_lo'), current_setting('app.scope_hi')));
  END $$`;
