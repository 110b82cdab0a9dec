import { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { SqlParams, underPrefix } from '../../src/db/sql-params';
import { ConnectionShape, keysetPage } from '../../src/schema/pagination';

// One connection: the statements it keeps are those of this file's pages.
let db: DataSource;
beforeAll(async () => {
  db = createDataSource(process.env.TEST_DATABASE_URL as string, { poolSize: 1 });
  await db.initialize();
});
afterAll(() => db.destroy());

type Row = { dbId: string; name: string };

/** A unit's members by name, `size` at a time, walked to the end by the cursors: the names in order. */
async function walk(path: string, planKept: boolean, size: number, backwards = false): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null = null;
  for (;;) {
    const p = new SqlParams();
    const page: ConnectionShape<Row> = await keysetPage(
      db.manager,
      backwards ? { last: size, before: cursor } : { first: size, after: cursor },
      {
        select: 'm.id::text AS "dbId", m.person_name AS name',
        from: 'membership m',
        where: [underPrefix('m.unit_path', p, path)],
        params: p,
        sortKey: 'm.person_name COLLATE "C"',
        idKey: 'm.id',
        map: (r) => r as Row,
        planKept,
      },
    );
    names.push(...(backwards ? page.nodes.map((n) => n.name).reverse() : page.nodes.map((n) => n.name)));
    const more = backwards ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
    if (!more) return backwards ? names.reverse() : names;
    cursor = backwards ? page.pageInfo.startCursor : page.pageInfo.endCursor;
  }
}

const kept = () =>
  db.query<{ statement: string; runs: number }[]>(
    `SELECT statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements
      WHERE statement LIKE '%FROM membership m%' ORDER BY statement`,
  );

describe('a page whose plan is kept', () => {
  it('reads what the page planned at each request reads, for any unit, by one named statement per shape', async () => {
    const units = await db.query<{ path: string; n: number }[]>(
      `SELECT u.path, (SELECT count(*)::int FROM membership m WHERE m.unit_path >= u.path AND m.unit_path < u.path || '~') AS n
         FROM unit u WHERE u.code IN ('HT-TP-NH', 'HT-TP-BH', 'HT-TP') ORDER BY u.code`,
    );
    expect(units).toHaveLength(3);
    let pages = 0;
    for (const { path, n } of units) {
      expect(n).toBeGreaterThan(7);
      const before = await kept();
      const planned = await walk(path, false, 7);
      expect(planned).toHaveLength(n);
      // Planned at each request: the connection keeps nothing more.
      expect(await kept()).toEqual(before);
      expect(await walk(path, true, 7)).toEqual(planned);
      expect(await walk(path, true, 7, true)).toEqual(planned);
      pages += 2 * Math.ceil(n / 7);
    }
    // The first page forwards and those after a cursor, the same two backwards: four texts, each prepared once, run
    // for every unit and page.
    const statements = await kept();
    expect(statements).toHaveLength(4);
    expect(statements.reduce((sum, s) => sum + s.runs, 0)).toBe(pages);
  });
});
