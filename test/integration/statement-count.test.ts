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
  // viewer, unit, page, count, then one batch per relation level: branch, parent, person, posts, unit,
  // collective. DataLoader may split one level over two ticks, hence a bound rather than an exact figure;
  // one statement per row would be over 100.
  const BOUND = 12;

  it.each([10, 50, 100])('runs at most a constant number of SQL statements for a page of %i rows', async (first) => {
    const { count, rows } = await statements(first);
    expect(rows).toBe(first);
    expect(count).toBeGreaterThanOrEqual(6);
    expect(count).toBeLessThanOrEqual(BOUND);
  });
});
