import { DataSource, QueryRunner } from 'typeorm';
import { API_ROLE } from '../../migrations/1732000000009-row-level-security';
import { SCATTERED_ROLE } from '../../migrations/1732000000058-scattered-scope-role';
import { createDataSource } from '../../src/db/data-source';
import { DEMO } from '../../src/demo/demo-dataset';
import { loadViewer } from '../../src/policies/load-viewer';
import { TestApi, startTestApi } from '../support/api';
import { IMPORT_DATASET, leaderPost, secretaryPost } from '../support/own-dataset';

/**
 * Row-level security for a caller whose scope is several subtrees (migration 0058): the API's role checks the scope's
 * range alone, and such a caller runs as `rating_api_scattered`, whose policy adds the prefixes. Units of this file's
 * own (codes SC-…): three communes; SC-P holds posts in the first and the last in the order of their paths, so the
 * range of their scope spans the middle one, whose rows they must not see.
 */
let api: TestApi;
let pool: DataSource;
let runner: QueryRunner;
let [first, middle, last] = ['', '', ''];
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  api = await startTestApi();
  const communes = ['SC-A', 'SC-B', 'SC-C'];
  const units = await api.as(DEMO.admin).request<any>(IMPORT_DATASET, {
    dataset: {
      version: 1,
      units: communes.map((code) => ({ code, name: `Xã ${code}`, kind: 'COMMUNE' })),
      bodies: communes.map((code) => ({ code: `${code}-DB`, name: `Đảng bộ xã ${code}`, kind: 'PARTY_ORGANIZATION', unit: code })),
    },
  });
  expect(units.importDataset.userErrors).toEqual([]);
  const paths: { code: string }[] = await api.db.query(`SELECT code FROM unit WHERE code = ANY ($1) ORDER BY path`, [communes]);
  [first, middle, last] = paths.map((u) => u.code);
  const people = await api.as(DEMO.admin).request<any>(IMPORT_DATASET, {
    dataset: {
      version: 1,
      people: ['SC-P', ...communes.map((c) => `${c}-BT`)].map((code) => ({ code, fullName: `Đồng chí ${code}` })),
      posts: [
        ...communes.map((c) => secretaryPost(`${c}-BT`, c, `${c}-DB`)),
        { ...leaderPost('SC-P', first, `${first}-DB`, null, 'DEPUTY_SECRETARY', 'DEPUTY'), code: 'SC-P-1' },
        { ...leaderPost('SC-P', last, `${last}-DB`, null, 'DEPUTY_SECRETARY', 'DEPUTY'), code: 'SC-P-2' },
      ],
    },
  });
  expect(people.importDataset.userErrors).toEqual([]);
  // One connection: each caller finds what the one before left on it.
  pool = createDataSource(process.env.TEST_DATABASE_URL as string, { role: API_ROLE, poolSize: 1 });
  await pool.initialize();
  runner = pool.createQueryRunner();
});
afterAll(async () => {
  await runner?.release();
  await pool?.destroy();
  await api.close();
});

/** The caller's scope set on the connection, then what it runs as and which of this file's posts it sees. */
async function enter(code: string) {
  expect(await loadViewer(runner.manager, code, today)).not.toBeNull();
  return seen();
}
async function seen() {
  const [{ role, exact }] = await runner.query(`SELECT current_user::text AS role, current_setting('app.scope_exact') AS exact`);
  const posts: { code: string }[] = await runner.query(`SELECT code FROM post WHERE code LIKE 'SC-%' ORDER BY code`);
  return { role, exact, posts: posts.map((p) => p.code) };
}

describe('row-level security for a scope of several subtrees', () => {
  it('shows the rows under its prefixes and none between them, as each caller enters and comes back on one connection', async () => {
    const scattered = { role: SCATTERED_ROLE, exact: 'off', posts: [`${first}-BT-POST`, `${last}-BT-POST`, 'SC-P-1', 'SC-P-2'].sort() };
    const single = { role: API_ROLE, exact: 'on', posts: [`${middle}-BT-POST`] };
    expect(await enter('SC-P')).toEqual(scattered);
    expect(await enter(`${middle}-BT`)).toEqual(single);
    // Both kept by now: their scopes (and roles) are set again from what the process kept, not read afresh.
    expect(await enter('SC-P')).toEqual(scattered);
    expect(await enter(`${middle}-BT`)).toEqual(single);
    expect(await enter('SC-P')).toEqual(scattered);
  });

  it('fails closed: a scope of several subtrees under the API’s role shows nothing', async () => {
    await enter('SC-P');
    await runner.query(`SET ROLE ${API_ROLE}`);
    try {
      expect(await seen()).toEqual({ role: API_ROLE, exact: 'off', posts: [] });
    } finally {
      await runner.query(`SET ROLE ${SCATTERED_ROLE}`);
    }
  });
});
