import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, postRaw, startTestApi } from '../support/api';
import { signDevToken } from '../../src/auth/tokens';
import { config } from '../support/api';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(async () => { await api.close(); });

const MEMBERS_PAGE = `query($first: Int!) {
  unit(code: "HT-TP") {
    members(first: $first) {
      totalCount
      nodes { status branch { name parent { name } } person { fullName posts { title unit { name } collective { name } } } }
    }
  }
}`;

async function statements(first: number): Promise<{ count: number; rows: number }> {
  const res = await postRaw(api.url, JSON.stringify({ query: MEMBERS_PAGE, variables: { first } }), { authorization: `Bearer ${signDevToken(DEMO.citySecretary, config)}` });
  expect(res.json.errors).toBeUndefined();
  return { count: res.json.extensions.sqlStatements, rows: res.json.data.unit.members.nodes.length };
}

describe('DataLoader batching', () => {
  it('runs the same number of SQL statements for a page of 10 and of 100 rows', async () => {
    const small = await statements(10);
    const large = await statements(100);
    expect(small.rows).toBe(10);
    expect(large.rows).toBe(100);
    expect(large.count).toBe(small.count);
    // viewer, unit, page, count, then one batch per relation level: branch, parent, person, posts, unit, collective.
    expect(large.count).toBeLessThanOrEqual(12);
  });
});
