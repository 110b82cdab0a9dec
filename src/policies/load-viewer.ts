import { EntityManager } from 'typeorm';
import { KeptAcrossRequests } from '../db/kept-across-requests';
import { PreparedStatement } from '../db/prepared-statement';
import { Viewer } from './viewer';
import { setRoleForScope } from '../../migrations/1732000000058-scattered-scope-role';

/** The caller and the four row-level-security settings of their scope (migration 0039). */
const API_ENTER = new PreparedStatement(`SELECT api_enter_kept($1, $2::date) AS v`);
/**
 * Sets a kept caller's scope again, and the API's role for it (a scope of several subtrees is checked by
 * `rating_api_scattered`'s policies, migration 0058), as `api_enter_kept` does. The API's role may set these itself:
 * row-level security guards against a query of the application that forgets the scope, not against the application.
 */
const API_RESUME = new PreparedStatement(
  `SELECT set_config('app.scope_prefixes', $1, false), set_config('app.scope_exact', $2, false),
          set_config('app.scope_lo', $3, false), set_config('app.scope_hi', $4, false), ${setRoleForScope('$2')}`,
);

type Scope = [prefixes: string, exact: string, lo: string, hi: string];

/** What `api_enter_kept` answers: the caller as JSON with their scope's settings, or null for an unknown code. */
interface Entered {
  v: {
    caller: { id: string; code: string; roles: string[] | null; posts: Viewer['posts']; membership: Viewer['membership'] };
    scope: Scope;
  } | null;
}

/**
 * Callers by person code and day, kept across requests (db/kept-across-requests.ts): forgotten when any replica
 * changes a person, post, membership, collective, body, unit or matrix row (migrations 0025 and 0039), and after ten minutes.
 */
const callers = new KeptAcrossRequests<{ viewer: Viewer; scope: Scope }>();

/**
 * The scope each connection of the API pool holds, as this process last set it. Only `loadViewer` sets the four
 * settings (session-wide, outside any transaction, so no rollback undoes them), and every request calls it before
 * its first statement: a connection keeps the last caller's scope in the pool, and the next request sets its own
 * unless it is the same (a caller's requests in a row cost no statement for it).
 */
const scopeOn = new WeakMap<object, string>();

/**
 * Loads the caller by person code with the posts they hold today, in one statement, and sets their row-level-security
 * scope on the connection it runs on (`api_enter`, migration 0009); null when unknown. A caller this replica kept
 * costs four settings instead, or nothing when the connection holds their scope already.
 */
export async function loadViewer(em: EntityManager, personCode: string, today: string): Promise<Viewer | null> {
  const key = `${personCode}|${today}`;
  const kept = callers.get(key);
  // A manager without a connection of its own (a script's) runs each statement on any connection of its pool: nothing to tell.
  const connection = em.queryRunner ? ((await em.queryRunner.connect()) as object) : null;
  if (kept) {
    const held = kept.scope.join('\n');
    if (!connection || scopeOn.get(connection) !== held) {
      // Until the statement succeeds, what the connection holds is not known.
      if (connection) scopeOn.delete(connection);
      await API_RESUME.run(em, kept.scope);
      if (connection) scopeOn.set(connection, held);
    }
    return kept.viewer;
  }
  if (connection) scopeOn.delete(connection);
  const [{ v }] = await API_ENTER.run<Entered>(em, [personCode, today]);
  // An unknown code empties the connection's scope (api_leave) and answers null: the next caller sets theirs.
  if (!v) return null;
  const { caller, scope } = v;
  if (connection) scopeOn.set(connection, scope.join('\n'));
  // Shared by the requests that find it kept: frozen, so that none can change it for the others.
  const viewer: Viewer = Object.freeze({
    personId: caller.id,
    code: caller.code,
    systemRoles: Object.freeze(caller.roles ?? []) as string[],
    posts: Object.freeze(caller.posts.map((p) => Object.freeze(p))) as Viewer['posts'],
    membership: caller.membership && Object.freeze(caller.membership),
  });
  callers.set(key, { viewer, scope });
  return viewer;
}
