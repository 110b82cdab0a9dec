import fc from 'fast-check';
import { TestApi, startTestApi } from '../support/api';
import { QUOTA_TALLY_DIFFERENCES } from '../../src/reports/trail-agreement';
import { COLLECTIVE_CRITERIA, FULL_TARGETS, LEADER_CRITERIA, Workflow, ok, plainMembers } from '../support/workflow';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

/**
 * Random decisions by random callers, three at a time, then the invariants of the stored data:
 * the quota of the scope holds, only the competent authority decided, nothing is half-written, and
 * the audit chain verifies.
 */
describe('random decisions against the stored-data invariants', () => {
  it('never leaves the quota broken, a decision by someone without authority, or a broken chain', async () => {
    const w = new Workflow(api, '2024');
    const members = await plainMembers(api, 'HT-CL-XKST', 24);
    const ratings = await Promise.all(members.map((m) => w.proposedMember(m)));
    const callers = ['HT-CL-XKST-BT', 'HT-CL-XKST-PBTTT', 'HT-CL-XTL-BT', 'HT-CL-BT', 'HT-CL-XKST-CB01-BT', members[0]];
    const commands = fc.sample(
      fc.record({
        rating: fc.integer({ min: 0, max: ratings.length - 1 }),
        level: fc.constantFrom('EXCELLENT', 'GOOD', 'GOOD', 'COMPLETE', 'NOT_COMPLETE'),
        caller: fc.constantFrom(...callers),
      }),
      { numRuns: 60, seed: 20241201 },
    );
    const codes = new Map<string, number>();
    for (let i = 0; i < commands.length; i += 3) {
      const results = await Promise.all(commands.slice(i, i + 3).map((c) => w.decide(c.caller, ratings[c.rating].id, c.level)));
      for (const r of results)
        for (const e of [...r.userErrors, ...(r.refused ? [r.refused] : [])]) codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
    }
    expect([...codes.keys()].every((c) => ['NOT_FOUND', 'FORBIDDEN', 'WRONG_STAGE', 'QUOTA_EXCEEDED'].includes(c))).toBe(true);

    const [scope] = await api.db.query(
      `SELECT count(*) FILTER (WHERE r.decided_level = 'EXCELLENT')::int AS excellent, count(*) FILTER (WHERE r.decided_level IN ('GOOD', 'EXCELLENT'))::int AS good,
              count(*) FILTER (WHERE p.code NOT IN ('HT-CL-XKST-BT', 'HT-CL-XKST-PBTTT'))::int AS outsiders,
              count(*) FILTER (WHERE r.stage = 'DECIDED' AND (r.authority_body_id IS NULL OR r.delegation_id IS NULL OR r.decided_at IS NULL))::int AS partial
         FROM rating r JOIN person p ON p.id = r.decided_by JOIN body b ON b.id = r.authority_body_id
        WHERE b.code = 'HT-CL-XKST-DB' AND r.subject_kind = 'PARTY_MEMBER' AND r.annulled_at IS NULL`,
    );
    expect(scope.good).toBeGreaterThan(0);
    expect(scope.excellent).toBeLessThanOrEqual(Math.floor(scope.good * 0.2));
    expect(scope.outsiders).toBe(0);
    expect(scope.partial).toBe(0);
    // The quota tally the checks counted from (migration 0051) holds what the rows hold, after decisions three at a time.
    expect(await api.db.query(QUOTA_TALLY_DIFFERENCES)).toEqual([]);
    const chain = await api.as('ADMIN001').request<any>('{ verifyAuditChain { valid } }');
    expect(chain.verifyAuditChain.valid).toBe(true);
  });

  it('holds the head cap and the order of rating in every decision taken through the API', async () => {
    // At least one head decided here (ward group 4 of 004 §II.6.2.2(4)), whatever other files did.
    const w = new Workflow(api, '2024');
    const office = await w.host('HT-TP-TL-CBCQ-BT', 'PARTY_ORGANIZATION', 'HT-TP-TL-CBCQ-CB');
    const front = await w.prepared('HT-TP-TL-CTMTTQ', 'LEADERSHIP_COLLECTIVE', 'HT-TP-TL-MTTQ-TT', COLLECTIVE_CRITERIA, undefined, office);
    ok(await w.verify('HT-TP-BTC-TB', front.id));
    ok(await w.decide('HT-TP-TL-BT', front.id, 'COMPLETE'));
    const chair = await w.prepared('HT-TP-TL-CTMTTQ', 'LEADER', 'HT-TP-TL-CTMTTQ', LEADER_CRITERIA, FULL_TARGETS);
    ok(await w.verify('HT-TP-BTC-TB', chair.id, { civilServiceLevel: 'GOOD' }));
    ok(await w.professional('HT-TP-BTC-TB', 'HT-TP-TL-MTTQ-TT', 'GOOD'));
    expect((await w.decide('HT-TP-TL-BT', chair.id, 'GOOD')).userErrors[0].rule).toBe('head.cap');
    ok(await w.decide('HT-TP-TL-BT', chair.id, 'COMPLETE'));
    // Decisions taken through the workflow have a decider; re-rated units flag their heads instead.
    const heads = await api.db.query(
      `SELECT h.subject_code, h.decided_level AS head, c.decided_level AS unit, h.decided_at > c.decided_at AS after
         FROM rating h JOIN post po ON po.id = h.subject_ref_id AND po.role = 'HEAD' AND po.collective_id IS NOT NULL
         JOIN rating c ON c.cycle_id = h.cycle_id AND c.subject_kind = 'LEADERSHIP_COLLECTIVE' AND c.subject_ref_id = po.collective_id AND c.annulled_at IS NULL
        WHERE h.subject_kind = 'LEADER' AND h.annulled_at IS NULL AND h.decided_by IS NOT NULL AND h.override_reason IS NULL AND h.flagged_reason IS NULL
          AND NOT COALESCE((h.facts -> 'head' ->> 'transferredInUnconnected')::boolean, false)`,
    );
    const order = ['EXCELLENT', 'GOOD', 'COMPLETE', 'NOT_COMPLETE'];
    expect(heads.map((h: { subject_code: string }) => h.subject_code)).toContain('HT-TP-TL-CTMTTQ');
    for (const h of heads) {
      expect([h.subject_code, order.indexOf(h.head) >= order.indexOf(h.unit)]).toEqual([h.subject_code, true]);
      expect([h.subject_code, h.after]).toEqual([h.subject_code, true]);
    }
    const orgs = await api.db.query(
      `SELECT o.subject_code, count(*) FILTER (WHERE m.decided_at > o.decided_at)::int AS members_after
         FROM rating o JOIN body b ON b.id = o.subject_ref_id JOIN membership ms ON ms.branch_id = b.unit_id
         JOIN rating m ON m.cycle_id = o.cycle_id AND m.subject_kind = 'PARTY_MEMBER' AND m.subject_ref_id = ms.id AND m.annulled_at IS NULL
        WHERE o.subject_kind = 'PARTY_ORGANIZATION' AND o.decided_by IS NOT NULL AND o.annulled_at IS NULL GROUP BY 1`,
    );
    for (const o of orgs) expect([o.subject_code, o.members_after]).toEqual([o.subject_code, 0]);
  });
});
