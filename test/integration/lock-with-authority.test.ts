import { TestApi, startTestApi } from '../support/api';
import { plainMembers, secretaryOfBranchOf, Workflow, ok } from '../support/workflow';
import { dbIdOf } from '../support/ids';

/*
 * A decision locks its rating and reads the caller's authority over the subject in one statement, guessed from the cycle
 * and kind of subject of the caller's last step on this replica (services/workflow/core.ts, lockWithAuthority). The guess
 * only saves a round trip: a rating of another cycle is decided under its own cycle's matrix, and a refusal answers
 * exactly as without it.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const BRANCH = 'HT-TP-XTH-CB06';
const DECIDER = 'HT-TP-XTH-BT';

describe('a decision after a step in another cycle', () => {
  it('is taken under the matrix row of the rating’s own cycle, not of the cycle guessed', async () => {
    const [a, b, c] = await plainMembers(api, BRANCH, 3);
    const [in2024, in2023] = [new Workflow(api, '2024'), new Workflow(api, '2023')];
    const plan: [Workflow, string][] = [
      [in2024, (await in2024.proposedMember(a, 'COMPLETE')).id],
      [in2023, (await in2023.proposedMember(b, 'COMPLETE')).id],
      [in2024, (await in2024.proposedMember(c, 'COMPLETE')).id],
    ];
    for (const [w, id] of plan) expect(ok(await w.decide(DECIDER, id, 'COMPLETE')).stage).toBe('DECIDED');
    const rows: { cycle: string; rowCycle: string }[] = await api.db.query(
      `SELECT c.code AS cycle, dc.code AS "rowCycle" FROM unnest($1::bigint[]) WITH ORDINALITY AS x(id, n)
         JOIN rating r ON r.id = x.id JOIN cycle c ON c.id = r.cycle_id
         JOIN delegation d ON d.id = r.delegation_id JOIN cycle dc ON dc.id = d.cycle_id ORDER BY x.n`,
      [plan.map(([, id]) => dbIdOf(id))],
    );
    expect(rows).toEqual([
      { cycle: '2024', rowCycle: '2024' },
      { cycle: '2023', rowCycle: '2023' },
      { cycle: '2024', rowCycle: '2024' },
    ]);
  });
});

describe('a refused decision', () => {
  it('answers the same with the guess as without: NOT_FOUND to an outsider, FORBIDDEN to a reader who does not decide', async () => {
    const [m, n] = await plainMembers(api, 'HT-TP-XTH-CB08', 2);
    const w = new Workflow(api, '2024');
    const ratings = [(await w.proposedMember(m, 'COMPLETE')).id, (await w.proposedMember(n, 'COMPLETE')).id];
    // The outsider's first attempt has no guess; the second is guessed from the first (a refused step is a step).
    const outsider = [await w.decide('HT-TP-BH-BT', ratings[0], 'COMPLETE'), await w.decide('HT-TP-BH-BT', ratings[1], 'COMPLETE')];
    for (const p of outsider)
      expect(p.refused).toEqual({ code: 'NOT_FOUND', message: 'no such rating', field: ['input', 'rating'], figures: null });
    // The branch's secretary proposed both (a step): reads them, may not decide them.
    const proposer = await secretaryOfBranchOf(api, m);
    const reader = [await w.decide(proposer, ratings[0], 'COMPLETE'), await w.decide(proposer, ratings[1], 'COMPLETE')];
    for (const p of reader) expect(p.refused).toMatchObject({ code: 'FORBIDDEN', figures: { action: 'decide' } });
    // Nothing was decided; the commune's secretary still decides both.
    for (const id of ratings) expect(ok(await w.decide(DECIDER, id, 'COMPLETE')).stage).toBe('DECIDED');
  });
});
