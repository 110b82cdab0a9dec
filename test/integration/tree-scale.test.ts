import { gql } from 'graphql-request';
import { DEMO } from '../../src/demo/demo-dataset';
import { refreshUnitPaths } from '../../src/services/unit-paths';
import { TestApi, startTestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  // A tree of 50,101 units: 1 root, 100 district-level units, 10 communes each, 49 branches each.
  await api.db.transaction(async (em) => {
    await em.query(`INSERT INTO unit (code, name, kind, path, depth) VALUES ('SCALE', 'Tỉnh Lớn', 'PROVINCE', '', 0)`);
    await em.query(`INSERT INTO unit (code, name, kind, parent_id, path, depth)
      SELECT 'SCALE-D' || d, 'Huyện ' || d, 'DISTRICT', (SELECT id FROM unit WHERE code = 'SCALE'), '', 0 FROM generate_series(1, 100) d`);
    await em.query(`INSERT INTO unit (code, name, kind, parent_id, path, depth)
      SELECT 'SCALE-D' || d || '-X' || x, 'Xã ' || x, 'COMMUNE', p.id, '', 0
        FROM generate_series(1, 100) d CROSS JOIN generate_series(1, 10) x JOIN unit p ON p.code = 'SCALE-D' || d`);
    await em.query(`INSERT INTO unit (code, name, kind, parent_id, path, depth)
      SELECT p.code || '-CB' || b, 'Chi bộ ' || b, 'PARTY_BRANCH', p.id, '', 0
        FROM unit p CROSS JOIN generate_series(1, 49) b WHERE p.kind = 'COMMUNE' AND p.code LIKE 'SCALE-%'`);
    await refreshUnitPaths(em);
  });
  await api.db.query('ANALYZE unit');
});
afterAll(async () => {
  await api.close();
});

const planOf = async (sql: string, params: unknown[]) =>
  JSON.stringify((await api.db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params))[0]['QUERY PLAN']);

describe('a tree of 50,000 units', () => {
  it('answers subtree and ancestor questions from the materialized path', async () => {
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM unit WHERE code LIKE 'SCALE%'`);
    expect(n).toBe(50101);
    const data = await api.as(DEMO.admin).request<any>(gql`{
      district: units(first: 1, within: "${Buffer.from(`Unit:${(await api.db.query(`SELECT id FROM unit WHERE code = 'SCALE-D42'`))[0].id}`).toString('base64url')}") { totalCount }
      branch: unit(code: "SCALE-D42-X7-CB49") { depth ancestors { code } }
    }`);
    expect(data.district.totalCount).toBe(10 + 10 * 49);
    expect(data.branch).toEqual({ depth: 3, ancestors: [{ code: 'SCALE' }, { code: 'SCALE-D42' }, { code: 'SCALE-D42-X7' }] });
  });

  it('uses the path index for a subtree, not a scan of the table', async () => {
    const [{ path }] = await api.db.query(`SELECT path FROM unit WHERE code = 'SCALE-D42-X7'`);
    const plan = await planOf(`SELECT id FROM unit WHERE path LIKE $1`, [`${path}%`]);
    expect(plan).toMatch(/unit_path_idx/);
    expect(plan).not.toMatch(/"Seq Scan"/);
  });

  it('finds ancestors by primary key from the path ids', async () => {
    const [{ path }] = await api.db.query(`SELECT path FROM unit WHERE code = 'SCALE-D42-X7-CB49'`);
    const ids = path.split('/').filter(Boolean);
    const plan = await planOf(`SELECT id FROM unit WHERE id = ANY($1)`, [ids]);
    expect(plan).toMatch(/unit_pkey/);
  });
});
