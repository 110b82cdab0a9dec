import { TestApi, startTestApi } from '../support/api';
import { Workflow, plainMembers } from '../support/workflow';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('the quota under concurrency (DOMAIN §15.1)', () => {
  it('lets exactly the allowed number of EXCELLENT decisions through when eight are fired at once', async () => {
    const w = new Workflow(api, '2024');
    const members = await plainMembers(api, 'HT-TP-TL', 18);
    const ratings = await Promise.all(members.map((m) => w.proposedMember(m)));
    for (const r of ratings.slice(0, 10)) {
      const p = await w.decide('HT-TP-TL-BT', r.id, 'GOOD');
      expect(p.userErrors).toEqual([]);
    }
    // Pool 10 GOOD: sequentially, the 1st and 2nd EXCELLENT pass (pool 11 → max 2, pool 12 → max 2), the 3rd would make 3 > 2.
    const results = await Promise.all(ratings.slice(10).map((r) => w.decide('HT-TP-TL-BT', r.id, 'EXCELLENT')));
    const passed = results.filter((p) => p.userErrors.length === 0);
    const refused = results.filter((p) => p.userErrors.length > 0);
    expect(passed).toHaveLength(2);
    expect(refused.map((p) => p.userErrors[0].code)).toEqual(Array(6).fill('QUOTA_EXCEEDED'));
    const [{ excellent, good }] = await api.db.query(
      `SELECT count(*) FILTER (WHERE decided_level = 'EXCELLENT')::int AS excellent, count(*) FILTER (WHERE decided_level IN ('GOOD', 'EXCELLENT'))::int AS good
         FROM rating r JOIN body b ON b.id = r.authority_body_id JOIN cycle c ON c.id = r.cycle_id
        WHERE b.code = 'HT-TP-TL-DB' AND c.code = '2024' AND r.annulled_at IS NULL`,
    );
    expect(excellent).toBe(2);
    expect(excellent).toBeLessThanOrEqual(Math.floor(good * 0.2));
  });
});
