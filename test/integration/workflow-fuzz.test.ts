import fc from 'fast-check';
import { TestApi, startTestApi } from '../support/api';
import { FULL_TARGETS, MEMBER_CRITERIA, Workflow, plainMembers } from '../support/workflow';

let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(async () => { await api.close(); });

/**
 * Random decisions by random callers, three at a time, then the invariants of the stored data:
 * the quota of the scope holds, only the competent authority decided, nothing is half-written, and
 * the audit chain verifies.
 */
describe('random decisions against the stored-data invariants', () => {
  it('never leaves the quota broken, a decision by someone without authority, or a broken chain', async () => {
    const w = new Workflow(api, '2024');
    const members = await plainMembers(api, 'HT-CL-XKST', 24);
    const ratings = await Promise.all(members.map((m) => w.prepared(m, 'PARTY_MEMBER', m, MEMBER_CRITERIA, FULL_TARGETS)));
    const callers = ['HT-CL-XKST-BT', 'HT-CL-XKST-PBTTT', 'HT-CL-XTL-BT', 'HT-CL-BT', 'HT-CL-XKST-CB01-BT', members[0]];
    const commands = fc.sample(fc.record({
      rating: fc.integer({ min: 0, max: ratings.length - 1 }), level: fc.constantFrom('EXCELLENT', 'GOOD', 'GOOD', 'COMPLETE', 'NOT_COMPLETE'),
      caller: fc.constantFrom(...callers),
    }), { numRuns: 60, seed: 20241201 });
    const codes = new Map<string, number>();
    for (let i = 0; i < commands.length; i += 3) {
      const results = await Promise.all(commands.slice(i, i + 3).map((c) => w.decide(c.caller, ratings[c.rating].id, c.level)));
      for (const r of results) for (const e of r.userErrors) codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
    }
    expect([...codes.keys()].every((c) => ['NOT_AUTHORIZED', 'WRONG_STAGE', 'QUOTA_EXCEEDED'].includes(c))).toBe(true);

    const [scope] = await api.db.query(
      `SELECT count(*) FILTER (WHERE r.decided_level = 'EXCELLENT')::int AS excellent, count(*) FILTER (WHERE r.decided_level IN ('GOOD', 'EXCELLENT'))::int AS good,
              count(*) FILTER (WHERE p.code NOT IN ('HT-CL-XKST-BT', 'HT-CL-XKST-PBTTT'))::int AS outsiders,
              count(*) FILTER (WHERE r.stage = 'DECIDED' AND (r.authority_body_id IS NULL OR r.delegation_id IS NULL OR r.decided_at IS NULL))::int AS partial
         FROM rating r JOIN person p ON p.id = r.decided_by JOIN body b ON b.id = r.authority_body_id
        WHERE b.code = 'HT-CL-XKST-DB' AND r.subject_kind = 'PARTY_MEMBER' AND r.annulled_at IS NULL`);
    expect(scope.good).toBeGreaterThan(0);
    expect(scope.excellent).toBeLessThanOrEqual(Math.floor(scope.good * 0.2));
    expect(scope.outsiders).toBe(0);
    expect(scope.partial).toBe(0);
    const chain = await api.as('ADMIN001').request<any>('{ verifyAuditChain { valid } }');
    expect(chain.verifyAuditChain.valid).toBe(true);
  });
});
