import 'reflect-metadata';
import { withParallelScans } from '../../src/db/parallel-scans';
import { RequestSession } from '../../src/db/request-session';
import { DEMO } from '../../src/demo/demo-dataset';
import { oneConnectionEach } from '../support/one-connection';

/** The API's sessions scan serially; a whole-country report turns parallel scans on for its request only. */
const { api, owner } = oneConnectionEach();

const workers = async (session: RequestSession) =>
  (await session.em.query<{ n: string }[]>(`SELECT current_setting('max_parallel_workers_per_gather') AS n`))[0].n;

describe('parallel scans', () => {
  it('are off in the API’s sessions, on within withParallelScans, and off again for the next request on the same connection', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const first = new RequestSession(api(), owner(), 100);
    await first.enter(DEMO.admin, today);
    expect(await workers(first)).toBe('0');
    expect(await withParallelScans(first.em, () => workers(first))).toBe('2');
    await first.end();

    const next = new RequestSession(api(), owner(), 100);
    await next.enter(DEMO.admin, today);
    expect(await workers(next)).toBe('0');
    await next.end();
  });
});
