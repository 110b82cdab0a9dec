import { MigrationInterface, QueryRunner } from 'typeorm';

/** The role the API's connections run as (src/http/server.ts, src/db/request-session.ts). Owners (migrations, import, generator) bypass its policies. */
export const API_ROLE = 'rating_api';

/**
 * "The row's path lies in the caller's scope", as the API's connections set it per request
 * (api_enter): a range the path index scans (bounds of all prefixes), then the prefixes themselves —
 * unless there is one (`app.scope_exact`), when the range is exactly the subtree.
 * Plain comparisons with the settings, no function of ours: the planner sees an index range, and a
 * connection with no scope set (NULL or reset) sees nothing.
 */
export const inScope = (column: string) => `(${column} >= ${setting('app.scope_lo')}
   AND ${column} < ${setting('app.scope_hi')}
   AND (${setting('app.scope_exact')} = 'on' OR ${column} ^@ ANY (${setting('app.scope_prefixes', '::text[]')}::text[])))`;

/**
 * A setting of the request, read (and cast) once per statement: as a subquery it is an InitPlan, whose
 * value the index scan takes as its bound and every row compares with; called inline, it ran (and its
 * array was parsed) once per row — 0.8 ms of a commune's member page. (ANY takes a subquery as a set of
 * rows: the outer cast, a no-op, makes it one array value.)
 */
const setting = (name: string, cast = '') => `(SELECT current_setting('${name}', true)${cast})`;

const PATH_TABLES = ['membership', 'post', 'rating', 'consultation', 'review_suggestion', 'complaint', 'audit_event'];
const RATING_CHILDREN = ['consultation', 'review_suggestion', 'complaint'];
/** The views read by the API's role, each with the invoker's row-level security. */
export const VIEWS = [
  'subject_party_organization',
  'subject_leadership_collective',
  'subject_party_member',
  'subject_leader',
  'rating_subject',
  'report_rating',
  'report_level_counts',
];

/**
 * Row-level security as the last line behind the application's scope (issue "Authority by
 * construction"): the API connects as `rating_api`, which sees people-related rows only within the
 * path prefixes set for the request, and may append to the audit trail but never change it.
 */
export class RowLevelSecurity1732000000009 implements MigrationInterface {
  name = 'RowLevelSecurity1732000000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN CREATE ROLE ${API_ROLE} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
    await q.query(`GRANT ${API_ROLE} TO CURRENT_USER`);

    for (const t of RATING_CHILDREN) {
      await q.query(`ALTER TABLE ${t} ADD COLUMN unit_path text COLLATE "C"`);
      await q.query(`UPDATE ${t} x SET unit_path = r.unit_path FROM rating r WHERE r.id = x.rating_id`);
      await q.query(`ALTER TABLE ${t} ALTER COLUMN unit_path SET NOT NULL`);
    }
    await q.query(`CREATE INDEX complaint_rating_idx ON complaint (rating_id)`);
    // The path of a rating's child rows is the rating's, copied by the database so no insert forgets it.
    await q.query(`
      CREATE FUNCTION unit_path_of_rating() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN NEW.unit_path := (SELECT unit_path FROM rating WHERE id = NEW.rating_id); RETURN NEW; END $$`);
    for (const t of RATING_CHILDREN) {
      await q.query(`CREATE TRIGGER ${t}_unit_path BEFORE INSERT ON ${t} FOR EACH ROW EXECUTE FUNCTION unit_path_of_rating()`);
    }

    // Audit events carry the path of their subject, so the trail is scoped like everything else; '/' for system events.
    await q.query(`ALTER TABLE audit_event ADD COLUMN unit_path text COLLATE "C"`);
    const pathOfEntity = (e: string) => `CASE ${e}.entity
        WHEN 'rating' THEN (SELECT unit_path FROM rating WHERE id = ${e}.entity_id::bigint)
        WHEN 'consultation' THEN (SELECT unit_path FROM consultation WHERE id = ${e}.entity_id::bigint)
        WHEN 'review_suggestion' THEN (SELECT unit_path FROM review_suggestion WHERE id = ${e}.entity_id::bigint)
        WHEN 'complaint' THEN (SELECT unit_path FROM complaint WHERE id = ${e}.entity_id::bigint) END`;
    await q.query(`UPDATE audit_event e SET unit_path = COALESCE(${pathOfEntity('e')}, '/')`);
    await q.query(`ALTER TABLE audit_event ALTER COLUMN unit_path SET NOT NULL`);
    await q.query(`CREATE INDEX audit_event_path_idx ON audit_event (unit_path, id)`);
    await q.query(`
      CREATE FUNCTION unit_path_of_audit_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      BEGIN NEW.unit_path := COALESCE(NEW.unit_path, ${pathOfEntity('NEW')}, '/'); RETURN NEW; END $$`);
    await q.query(
      `CREATE TRIGGER audit_event_unit_path BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION unit_path_of_audit_event()`,
    );
    await q.query(`CREATE INDEX rating_person_idx ON rating (person_id) WHERE person_id IS NOT NULL`);

    // Least privilege: read everything, write only what the workflow writes; no DELETE, and the trail is append-only.
    await q.query(`GRANT USAGE ON SCHEMA public TO ${API_ROLE}`);
    await q.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${API_ROLE}`);
    await q.query(`GRANT INSERT, UPDATE ON rating, consultation, review_suggestion, complaint, subject_tally, audit_head TO ${API_ROLE}`);
    await q.query(`GRANT INSERT ON audit_event TO ${API_ROLE}`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${API_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ${API_ROLE}`);

    // Views check the policies as the caller, not as their owner.
    for (const v of VIEWS) await q.query(`ALTER VIEW ${v} SET (security_invoker = true)`);

    for (const t of PATH_TABLES) {
      await q.query(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`);
      if (t === 'audit_event') {
        await q.query(`CREATE POLICY read_in_scope ON audit_event FOR SELECT TO ${API_ROLE} USING ${inScope('unit_path')}`);
        // Anyone acting may append (a refused attempt is recorded too); reading stays scoped.
        await q.query(`CREATE POLICY append ON audit_event FOR INSERT TO ${API_ROLE} WITH CHECK (true)`);
      } else {
        await q.query(`CREATE POLICY in_scope ON ${t} TO ${API_ROLE} USING ${inScope('unit_path')} WITH CHECK ${inScope('unit_path')}`);
      }
    }
    /*
     * A person is visible when one of their memberships or posts lies in the caller's scope. Each person
     * keeps the ancestors of the paths of their rows (kept by the triggers below, written by the
     * generator), so the check is one array overlap with the caller's prefixes: through the rows
     * themselves it cost an index probe per person (2.4 of 7.5 ms on a commune's member page).
     */
    await q.query(`CREATE FUNCTION path_ancestors(p text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
      SELECT array_agg(left(p, i) ORDER BY i) FROM generate_series(1, length(p)) i WHERE substr(p, i, 1) = '/' $$`);
    await q.query(`CREATE FUNCTION person_scope_ancestors(pid bigint) RETURNS text[] LANGUAGE sql STABLE AS $$
      SELECT COALESCE(array_agg(DISTINCT a ORDER BY a), '{}') FROM (SELECT unit_path FROM membership WHERE person_id = pid UNION SELECT unit_path FROM post WHERE person_id = pid) x,
             unnest(path_ancestors(x.unit_path)) a $$`);
    await q.query(`ALTER TABLE person ADD COLUMN scope_ancestors text[] NOT NULL DEFAULT '{}'`);
    await q.query(`UPDATE person SET scope_ancestors = person_scope_ancestors(id)`);
    for (const [name, rows] of [
      ['inserted', 'SELECT person_id FROM new_rows'],
      ['deleted', 'SELECT person_id FROM old_rows'],
      ['updated', 'SELECT person_id FROM new_rows UNION SELECT person_id FROM old_rows'],
    ] as const) {
      await q.query(`CREATE FUNCTION person_scope_${name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
        BEGIN UPDATE person p SET scope_ancestors = person_scope_ancestors(p.id) WHERE p.id IN (${rows}); RETURN NULL; END $$`);
    }
    for (const t of ['membership', 'post']) {
      await q.query(
        `CREATE TRIGGER ${t}_person_scope_inserted AFTER INSERT ON ${t} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_scope_inserted()`,
      );
      await q.query(
        `CREATE TRIGGER ${t}_person_scope_deleted AFTER DELETE ON ${t} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION person_scope_deleted()`,
      );
      await q.query(
        `CREATE TRIGGER ${t}_person_scope_updated AFTER UPDATE ON ${t} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_scope_updated()`,
      );
    }
    await q.query(`ALTER TABLE person ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY through_rows_in_scope ON person FOR SELECT TO ${API_ROLE}
      USING (scope_ancestors && ${setting('app.scope_prefixes', '::text[]')})`);

    /*
     * The caller, loaded by person code with the posts held on the day, and their scope set on the
     * connection for the request: the paths of all their posts and membership, plus the scope units of
     * every matrix row (any cycle) that names one of their bodies; '/' for administrators. Runs as the
     * owner (the caller's rows are not in any scope yet). Unknown code: NULL, and the scope is emptied.
     */
    await q.query(`
      CREATE FUNCTION api_enter(p_code text, p_today date) RETURNS json LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        pid bigint;
        admin boolean;
        bodies bigint[];
        prefixes text[];
      BEGIN
        PERFORM api_leave();
        SELECT p.id, 'ADMIN' = ANY (p.system_roles) INTO pid, admin FROM person p WHERE p.code = p_code;
        IF pid IS NULL THEN RETURN NULL; END IF;
        -- The bodies the caller acts for today: of their posts, and of the collectives their posts sit in.
        bodies := ARRAY(SELECT unnest(ARRAY[po.body_id, co.body_id]) FROM post po LEFT JOIN collective co ON co.id = po.collective_id
                         WHERE po.person_id = pid AND po.starts_on <= p_today AND (po.ends_on IS NULL OR po.ends_on >= p_today));
        prefixes := CASE WHEN admin THEN ARRAY['/'] ELSE ARRAY(
            SELECT po.unit_path FROM post po WHERE po.person_id = pid
            UNION SELECT m.unit_path FROM membership m WHERE m.person_id = pid
            UNION SELECT su.path FROM delegation d JOIN unit su ON su.id = d.scope_unit_id
                   WHERE d.delegate_body_id = ANY (bodies) OR d.compiler_body_id = ANY (bodies) OR d.consult_body_ids && bodies) END;
        -- Prefixes inside another add nothing; with one left, the range alone is the scope.
        prefixes := ARRAY(SELECT x FROM unnest(prefixes) x WHERE NOT EXISTS (SELECT 1 FROM unnest(prefixes) y WHERE y <> x AND x ^@ y) ORDER BY x);
        PERFORM set_config('app.scope_prefixes', prefixes::text, false),
                set_config('app.scope_exact', CASE WHEN cardinality(prefixes) = 1 THEN 'on' ELSE 'off' END, false),
                set_config('app.scope_lo', (SELECT min(x) FROM unnest(prefixes) x), false),
                set_config('app.scope_hi', (SELECT max(left(x, -1) || chr(ascii(right(x, 1)) + 1)) FROM unnest(prefixes) x), false);
        RETURN (SELECT json_build_object('id', p.id::text, 'code', p.code, 'roles', p.system_roles,
                 'posts', COALESCE((SELECT json_agg(json_build_object('id', po.id::text, 'unitId', po.unit_id::text, 'unitPath', po.unit_path,
                            'bodyId', po.body_id::text, 'collectiveId', po.collective_id::text, 'collectiveBodyId', co.body_id::text, 'bodyKind', b.kind,
                            'category', po.category, 'role', po.role) ORDER BY po.id)
                            FROM post po LEFT JOIN collective co ON co.id = po.collective_id LEFT JOIN body b ON b.id = po.body_id
                           WHERE po.person_id = p.id AND po.starts_on <= p_today AND (po.ends_on IS NULL OR po.ends_on >= p_today)), '[]'),
                 'membership', (SELECT json_build_object('branchId', m.branch_id::text, 'unitPath', m.unit_path) FROM membership m WHERE m.person_id = p.id))
                FROM person p WHERE p.id = pid);
      END $$`);
    await q.query(`
      CREATE FUNCTION api_leave() RETURNS void LANGUAGE sql AS $$
        SELECT set_config('app.scope_prefixes', '{}', false), set_config('app.scope_exact', 'off', false), set_config('app.scope_lo', '', false),
               set_config('app.scope_hi', '', false) $$`);
    await q.query(`REVOKE ALL ON FUNCTION api_enter(text, date) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION api_enter(text, date) TO ${API_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION api_enter(text, date)`);
    await q.query(`DROP FUNCTION api_leave()`);
    await q.query(`DROP POLICY through_rows_in_scope ON person`);
    await q.query(`ALTER TABLE person DISABLE ROW LEVEL SECURITY`);
    for (const t of ['membership', 'post']) {
      for (const name of ['inserted', 'deleted', 'updated']) await q.query(`DROP TRIGGER ${t}_person_scope_${name} ON ${t}`);
    }
    for (const name of ['inserted', 'deleted', 'updated']) await q.query(`DROP FUNCTION person_scope_${name}()`);
    await q.query(`ALTER TABLE person DROP COLUMN scope_ancestors`);
    await q.query(`DROP FUNCTION person_scope_ancestors(bigint)`);
    await q.query(`DROP FUNCTION path_ancestors(text)`);
    for (const t of PATH_TABLES) {
      if (t === 'audit_event') {
        await q.query(`DROP POLICY read_in_scope ON audit_event`);
        await q.query(`DROP POLICY append ON audit_event`);
      } else await q.query(`DROP POLICY in_scope ON ${t}`);
      await q.query(`ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY`);
    }
    for (const v of VIEWS) await q.query(`ALTER VIEW ${v} RESET (security_invoker)`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM ${API_ROLE}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${API_ROLE}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${API_ROLE}`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ${API_ROLE}`);
    await q.query(`DROP INDEX rating_person_idx`);
    await q.query(`DROP TRIGGER audit_event_unit_path ON audit_event`);
    await q.query(`DROP FUNCTION unit_path_of_audit_event()`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN unit_path`);
    for (const t of RATING_CHILDREN) {
      await q.query(`DROP TRIGGER ${t}_unit_path ON ${t}`);
      await q.query(`ALTER TABLE ${t} DROP COLUMN unit_path`);
    }
    await q.query(`DROP FUNCTION unit_path_of_rating()`);
    await q.query(`DROP INDEX complaint_rating_idx`);
  }
}
