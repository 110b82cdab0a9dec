import './promise-with-resolvers';
import http from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';

/**
 * The PostGraphile 5 baseline of the benchmark: the same database (owner's role, no scope: as the
 * hand-written SQL), the Amber preset over `public`, and two functions a PostGraphile user would
 * write for the page and the report: PostGraphile 5 has no range filter, ordering by a related
 * table's column or aggregate of its own. The page's function returns the joined columns: a
 * function returning `membership` rows made PostGraphile fetch the persons in a second statement.
 * Both are plain SQL, inlined by the planner: the page's ORDER BY meets PostGraphile's LIMIT. The page sorts by the
 * name each membership keeps (migration 0040), as the API does; with the LIMIT outside the function, the planner joins
 * the people before it sorts (the API and the hand-written SQL cut the page first, then join its fifty people).
 * `GET /statements` answers how many statements its pool has sent so far, so the bench counts them.
 */
const POSTGRAPHILE_FUNCTIONS = `
CREATE SCHEMA IF NOT EXISTS postgraphile_bench;
CREATE OR REPLACE FUNCTION postgraphile_bench.unit_members(lo text, hi text)
  RETURNS TABLE (status text, admitted_on date, code text, full_name text) LANGUAGE sql STABLE AS $$
  SELECT m.status, m.admitted_on, p.code, p.full_name FROM public.membership m JOIN public.person p ON p.id = m.person_id
   WHERE m.unit_path >= lo AND m.unit_path < hi ORDER BY m.person_name, m.id $$;
CREATE OR REPLACE FUNCTION postgraphile_bench.tally(cycle bigint, path_prefix text)
  RETURNS TABLE (kind text, stage text, level text, n bigint) LANGUAGE sql STABLE AS $$
  SELECT kind, stage, level, sum(n)::bigint FROM public.subject_tally
   WHERE cycle_id = cycle AND unit_path LIKE path_prefix GROUP BY 1, 2, 3 $$;`;

let statements = 0;
const send = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  statements++;
  return send.apply(this, args);
} as typeof pg.Client.prototype.query;

async function main() {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
  await pool.query(`DROP SCHEMA IF EXISTS postgraphile_bench CASCADE; ${POSTGRAPHILE_FUNCTIONS}`);
  const pgl = postgraphile({
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ pool, schemas: ['public', 'postgraphile_bench'] })],
    grafserv: { graphqlPath: '/graphql' },
  });
  const handler = pgl.createServ(grafserv).createHandler();
  const server = http.createServer((req, res) => {
    if (req.url === '/statements') res.end(String(statements));
    else handler(req, res);
  });
  server.listen(Number(process.env.PORT ?? 4200), () =>
    process.stdout.write(`ready http://localhost:${process.env.PORT ?? 4200}/graphql\n`),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
