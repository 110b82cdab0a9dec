import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { API_ROLE } from '../../migrations/1732000000009-row-level-security';
import { createDataSource } from '../../src/db/data-source';
import { withParallelScans } from '../../src/db/parallel-scans';
import { RequestSession } from '../../src/db/request-session';
import { DEMO } from '../../src/demo/demo-dataset';

/** The API's sessions scan serially; a whole-country report turns parallel scans on for its request only. */
let api: DataSource;
let owner: DataSource;
beforeAll(async () => {
  const url = process.env.TEST_DATABASE_URL as string;
  // One connection: the second request gets the very connection the first gave back.
  api = await createDataSource(url, { role: API_ROLE, poolSize: 1 }).initialize();
  owner = await createDataSource(url, { poolSize: 1 }).initialize();
});
afterAll(async () => {
  await api.destroy();
  await owner.destroy();
});

const workers = async (session: RequestSession) =>
  (await session.em.query<{ n: string }[]>(`SELECT current_setting('max_parallel_workers_per_gather') AS n`))[0].n;

describe('parallel scans', () => {
  it('are off in the API’s sessions, on within withParallelScans, and off again for the next request on the same connection', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const first = new RequestSession(api, owner, 100);
    await first.enter(DEMO.admin, today);
    expect(await workers(first)).toBe('0');
    expect(await withParallelScans(first.em, () => workers(first))).toBe('2');
    await first.end();

    const next = new RequestSession(api, owner, 100);
    await next.enter(DEMO.admin, today);
    expect(await workers(next)).toBe('0');
    await next.end();
  });
});
