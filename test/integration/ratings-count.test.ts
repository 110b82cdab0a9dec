import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { TestApi, startTestApi } from '../support/api';
import { ScratchDatabase, scratchDatabase } from '../support/scratch-database';

/*
 * A ratings list counts its rows from the subject tally (data/ratings.ts): the count must be what its pages hold.
 * On a generated country of its own, where no other test file writes while the pages are read.
 */
let scratch: ScratchDatabase;
let api: TestApi;
beforeAll(async () => {
  scratch = await scratchDatabase('ratings_count');
  await promisify(execFile)('node', [path.join(__dirname, '../../dist/src/cli/generate.js'), '--scale', '600'], {
    env: { ...process.env, DATABASE_URL: scratch.url },
    timeout: 60000,
  });
  api = await startTestApi({ databaseUrl: scratch.url });
}, 90_000);
afterAll(async () => {
  await api?.close();
  await scratch.drop();
});

const PAGE = (count: boolean) => `query ($after: String, $stages: [Stage!], $within: ID, $reRated: Boolean) {
  ratings(cycle: "GEN-2025", first: 100, after: $after, stages: $stages, within: $within, reRated: $reRated) {
    ${count ? 'totalCount' : ''}
    nodes { stage }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The count a caller's first page answers, and the stages of the rows they page through to the end. */
async function pagedThrough(code: string, filter: Record<string, unknown>): Promise<{ count: number; stages: string[] }> {
  let after: string | null = null;
  let count = -1;
  const stages: string[] = [];
  for (;;) {
    const { ratings }: { ratings: any } = await api.as(code).request(PAGE(after === null), { ...filter, after });
    if (after === null) count = ratings.totalCount;
    stages.push(...ratings.nodes.map((n: { stage: string }) => n.stage));
    if (!ratings.pageInfo.hasNextPage) return { count, stages };
    after = ratings.pageInfo.endCursor;
  }
}

const one = async <T>(sql: string): Promise<T> => (await api.db.query(sql))[0] as T;

describe('the count of a ratings list', () => {
  it('is the number of rows its pages hold, for callers from the whole country to a commune, with every filter', async () => {
    const commune = await one<{ id: string; code: string }>(`SELECT id, code FROM unit WHERE kind = 'COMMUNE' ORDER BY id LIMIT 1`);
    const { secretary } = await one<{ secretary: string }>(
      `SELECT p.code AS secretary FROM post po JOIN person p ON p.id = po.person_id WHERE po.code = '${commune.code}-BT'`,
    );
    const { member } = await one<{ member: string }>(
      `SELECT p.code AS member FROM membership m JOIN person p ON p.id = m.person_id
        WHERE NOT EXISTS (SELECT 1 FROM post WHERE person_id = p.id) ORDER BY m.id LIMIT 1`,
    );
    const within = Buffer.from(`Unit:${commune.id}`).toString('base64url');
    const filters: Record<string, unknown>[] = [
      {},
      { stages: ['DECIDED', 'OPEN'] },
      { within },
      { within, stages: ['PUBLISHED'] },
      { reRated: false },
      { reRated: true, within },
    ];
    const seen: Record<string, number> = {};
    for (const code of ['GEN-ADMIN', 'GP01-BT', 'GP01-BTC', secretary, member]) {
      for (const filter of filters) {
        const { count, stages } = await pagedThrough(code, filter);
        expect({ code, filter, count }).toEqual({ code, filter, count: stages.length });
        if (Array.isArray(filter.stages)) expect(stages.filter((s) => !(filter.stages as string[]).includes(s))).toEqual([]);
        seen[code] = Math.max(seen[code] ?? 0, stages.length);
      }
    }
    // Every caller read something, the country more than one commune (a member reads their branch).
    expect(seen['GEN-ADMIN']).toBeGreaterThan(seen['GP01-BT'] / 2);
    expect(seen['GP01-BT']).toBeGreaterThan(seen[secretary]);
    expect(seen[secretary]).toBeGreaterThan(1);
    expect(seen[member]).toBeGreaterThan(0);
  });
});
