import { TestApi, startTestApi } from '../support/api';
import { COLLECTIVE_CRITERIA, FULL_TARGETS, LEADER_CRITERIA, MEMBER_CRITERIA, Workflow, ok, unanimous } from '../support/workflow';
import { dbIdOf } from '../support/ids';
import { eventually } from '../support/eventually';

/** Votes at every round (001 §V; 004 §II.4.3; 001 appendix §3; 003 §4.4). Cycle 2023 in Xã Thuần Thiện and the city's standing committee: no other file rates them. */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('the branch’s proposal round', () => {
  it('keeps EXCELLENT within 20% of those proposed GOOD at the branch, and convenes no more than its official members', async () => {
    const w = new Workflow(api, '2023');
    // The commune's largest branch, so that the small-group clause does not apply; members admitted long before the cycle, with no post.
    const [branch] = await api.db.query(
      `SELECT b.code, b.id, (SELECT count(*)::int FROM membership m WHERE m.branch_id = b.id AND m.status = 'OFFICIAL') AS official
         FROM unit b JOIN unit c ON c.id = b.parent_id WHERE c.code = 'HT-CL-XTT' AND b.kind = 'PARTY_BRANCH'
        ORDER BY (SELECT count(*) FROM membership m WHERE m.branch_id = b.id) DESC, b.code LIMIT 1`,
    );
    const members: string[] = (
      await api.db.query(
        `SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id WHERE m.branch_id = $1 AND m.status = 'OFFICIAL' AND m.admitted_on < '2023-01-01'
          AND NOT EXISTS (SELECT 1 FROM post WHERE person_id = p.id) ORDER BY p.code LIMIT 6`,
        [branch.id],
      )
    ).map((r: { code: string }) => r.code);
    expect(members).toHaveLength(6);
    const secretary = `${branch.code}-BT`;

    const first = await w.prepared(members[0], 'PARTY_MEMBER', members[0], MEMBER_CRITERIA, FULL_TARGETS);
    const crowded = await w.propose(secretary, first.id, 'GOOD', { convened: branch.official + 1, good: branch.official + 1 });
    expect(crowded.userErrors[0]).toMatchObject({
      code: 'CONVENED_OVER_MEMBERS',
      rule: 'ballots.convened-members',
      figures: { convened: branch.official + 1, members: branch.official, body: `${branch.code}-CB`, counted: 'OFFICIAL_MEMBERS' },
    });
    ok(await w.propose(secretary, first.id, 'GOOD', unanimous('GOOD', branch.official)));
    for (const m of members.slice(1, 4)) await w.proposedMember(m, 'GOOD');
    // Five proposed GOOD or higher: one EXCELLENT fits (20% of 5), a second does not.
    const excellent = await w.proposedMember(members[4], 'EXCELLENT');
    expect(excellent.proposedLevel).toBe('EXCELLENT');
    const sixth = await w.prepared(members[5], 'PARTY_MEMBER', members[5], MEMBER_CRITERIA, FULL_TARGETS);
    const refused = await w.propose(secretary, sixth.id, 'EXCELLENT', unanimous('EXCELLENT'));
    expect(refused.userErrors[0]).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      field: ['input', 'level'],
      rule: 'quota.proposal-round',
      source: expect.stringContaining('001 appendix §3'),
      figures: expect.objectContaining({ place: branch.code, good: 6, maxExcellent: 1, excellent: 2 }),
    });
    expect(refused.userErrors[0].message).toContain(`at the proposal round of ${branch.code}`);
    expect(ok(await w.propose(secretary, sixth.id, 'GOOD', unanimous('GOOD'))).proposedLevel).toBe('GOOD');
  });

  it('counts the roster of the body as the tree has it now: a body renamed between two ballots is named anew (what a replica keeps of it is forgotten)', async () => {
    const w = new Workflow(api, '2023');
    const [branch] = await api.db.query(
      `SELECT b.code, b.id, (SELECT count(*)::int FROM membership m WHERE m.branch_id = b.id AND m.status = 'OFFICIAL') AS official,
              (SELECT o.id FROM body o WHERE o.unit_id = b.id AND o.kind = 'PARTY_ORGANIZATION' ORDER BY o.id LIMIT 1) AS body
         FROM unit b JOIN unit c ON c.id = b.parent_id WHERE c.code = 'HT-CL-XTT' AND b.kind = 'PARTY_BRANCH'
        ORDER BY (SELECT count(*) FROM membership m WHERE m.branch_id = b.id) DESC, b.code LIMIT 1`,
    );
    // A member the test above left alone (it takes the first six).
    const [{ code: member }] = await api.db.query(
      `SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id WHERE m.branch_id = $1 AND m.status = 'OFFICIAL' AND m.admitted_on < '2023-01-01'
        AND NOT EXISTS (SELECT 1 FROM post WHERE person_id = p.id) ORDER BY p.code OFFSET 6 LIMIT 1`,
      [branch.id],
    );
    const r = await w.prepared(member, 'PARTY_MEMBER', member, MEMBER_CRITERIA, FULL_TARGETS);
    const crowded = () => w.propose(`${branch.code}-BT`, r.id, 'GOOD', { convened: branch.official + 1, good: branch.official + 1 });
    const named = async () => (await crowded()).userErrors[0]?.figures?.body;
    expect(await named()).toBe(`${branch.code}-CB`);
    await api.db.query(`UPDATE body SET code = code || '-RENAMED' WHERE id = $1`, [branch.body]);
    try {
      expect(await eventually(named, (body) => body === `${branch.code}-CB-RENAMED`)).toBe(`${branch.code}-CB-RENAMED`);
    } finally {
      await api.db.query(`UPDATE body SET code = $2 WHERE id = $1`, [branch.body, `${branch.code}-CB`]);
    }
  });

  it('is skipped where the branch decides its own members: a grassroots branch votes once', async () => {
    const w = new Workflow(api, '2023');
    const [{ code: member }] = await api.db.query(
      `SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id JOIN unit b ON b.id = m.branch_id
        WHERE b.code = 'HT-TP-PTCKH-CB' AND m.status = 'OFFICIAL' AND m.admitted_on < '2023-01-01' AND NOT EXISTS (SELECT 1 FROM post WHERE person_id = p.id)
        ORDER BY p.code LIMIT 1`,
    );
    const r = await w.prepared(member, 'PARTY_MEMBER', member, MEMBER_CRITERIA, FULL_TARGETS);
    expect(ok(await w.decide('HT-TP-PTCKH-CB-BT', r.id, 'GOOD'))).toMatchObject({
      stage: 'DECIDED',
      authority: { code: 'HT-TP-PTCKH-CB-CB' },
    });
  });
});

describe('the self-rating of a collective', () => {
  it('is voted by the collective: ballots required, yielding the level, with no more convened than its members', async () => {
    const w = new Workflow(api, '2023');
    const head = 'HT-CL-XTT-CTUBND';
    const r = await w.open(head, 'LEADERSHIP_COLLECTIVE', 'HT-CL-XTT-UBND-LD');
    const assess = (ballots?: object) =>
      w.selfAssess(head, r.id, { criteria: COLLECTIVE_CRITERIA, selfLevel: 'GOOD', ...(ballots ? { ballots } : {}) });
    expect((await assess()).userErrors[0]).toMatchObject({
      code: 'BALLOTS_REQUIRED',
      rule: 'ballots.secret-ballot',
      source: '001 §V; 004 §II.4.1–4.3',
    });
    // The commune's people's committee: its chairman and two vice-chairmen.
    expect((await assess({ convened: 5, good: 5 })).userErrors[0]).toMatchObject({
      code: 'CONVENED_OVER_MEMBERS',
      figures: { convened: 5, members: 3, body: 'HT-CL-XTT-UBND' },
    });
    expect((await assess({ convened: 3, good: 1, complete: 2 })).userErrors[0]).toMatchObject({
      code: 'BALLOTS_MISMATCH',
      figures: expect.objectContaining({ result: 'COMPLETE', asked: 'GOOD' }),
    });
    expect(ok(await assess({ convened: 3, good: 2, complete: 1, heldOn: '2023-11-25' })).stage).toBe('SELF_ASSESSED');
    const [stored] = await api.db.query(`SELECT self_rating_ballots AS b FROM rating WHERE id = $1`, [dbIdOf(r.id)]);
    expect(stored.b).toMatchObject({ convened: 3, heldOn: '2023-11-25', votes: { GOOD: 2, COMPLETE: 1 } });
  });
});

describe('a leadership collective’s proposal for its own members (003 §4.4)', () => {
  it('chooses EXCELLENT only from a pool proposed GOOD first, with the small-group clause at the collective', async () => {
    const w = new Workflow(api, '2023');
    const secretary = await w.prepared('HT-TP-BT', 'LEADER', 'HT-TP-BT', LEADER_CRITERIA, FULL_TARGETS);
    const deputy = await w.prepared('HT-TP-PBTTT', 'LEADER', 'HT-TP-PBTTT', LEADER_CRITERIA, FULL_TARGETS);
    // The standing committee's collective has two members: EXCELLENT before the other is proposed GOOD has no pool to come from.
    const early = await w.propose('HT-TP-PBTTT', secretary.id, 'EXCELLENT', unanimous('EXCELLENT'));
    expect(early.userErrors[0]).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      rule: 'quota.proposal-round',
      figures: expect.objectContaining({ place: 'HT-TP-BTV-TT', maxExcellent: 0 }),
    });
    ok(await w.propose('HT-TP-BT', deputy.id, 'GOOD', unanimous('GOOD')));
    expect(ok(await w.propose('HT-TP-PBTTT', secretary.id, 'EXCELLENT', unanimous('EXCELLENT'))).proposedLevel).toBe('EXCELLENT');
  });
});
