import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, startTestApi } from '../support/api';
import { IMPORT_DATASET, leaderPost, matrixRow, secretaryPost, yearCycle } from '../support/own-dataset';
import { COLLECTIVE_CRITERIA, FULL_TARGETS, LEADER_CRITERIA, MEMBER_CRITERIA, Workflow, ok, unanimous } from '../support/workflow';

/**
 * The order of reviews (004 §I.4.2; 003 §II.4.2) and of ratings (004 §II.7.3; 003 §II.4.4), through the API.
 * Units of this file's own (codes OD-…): a district with its People's Committee leadership, a commune below
 * it with its own, the commune's party organization, and a grassroots party organization where the
 * district's vice-chair is a member. The district's standing committee decides the collectives and leaders.
 */
let api: TestApi;
const CYCLE = 'OD-2024';
const w = () => new Workflow(api, CYCLE);

beforeAll(async () => {
  api = await startTestApi();
  const units = [
    { code: 'OD', name: 'Huyện OD', kind: 'DISTRICT' },
    { code: 'OD-X', name: 'Xã X', kind: 'COMMUNE', parent: 'OD' },
    { code: 'OD-G', name: 'Đảng bộ cơ sở G', kind: 'GRASSROOTS_PARTY_ORG', parent: 'OD-X' },
  ];
  const bodies = [
    { code: 'OD-DU', name: 'Huyện ủy', kind: 'PARTY_EXECUTIVE_COMMITTEE', unit: 'OD' },
    { code: 'OD-BTV', name: 'Ban Thường vụ Huyện ủy', kind: 'PARTY_STANDING_COMMITTEE', unit: 'OD', parent: 'OD-DU' },
    { code: 'OD-UBND', name: 'UBND huyện', kind: 'PEOPLES_COMMITTEE', unit: 'OD' },
    { code: 'OD-X-UBND', name: 'UBND xã', kind: 'PEOPLES_COMMITTEE', unit: 'OD-X' },
    { code: 'OD-X-DB', name: 'Đảng bộ xã', kind: 'PARTY_ORGANIZATION', unit: 'OD-X' },
    { code: 'OD-G-DB', name: 'Đảng bộ cơ sở G', kind: 'PARTY_ORGANIZATION', unit: 'OD-G' },
  ];
  const collectives = [
    { code: 'OD-UBND-LD', name: 'Lãnh đạo UBND huyện', kind: 'PEOPLES_COMMITTEE_LEADERSHIP', body: 'OD-UBND' },
    { code: 'OD-X-UBND-LD', name: 'Lãnh đạo UBND xã', kind: 'PEOPLES_COMMITTEE_LEADERSHIP', body: 'OD-X-UBND' },
  ];
  const codes = ['OD-BT', 'OD-CT', 'OD-PCT', 'OD-UV', 'OD-X-CT', 'OD-X-P1', 'OD-X-P2', 'OD-X-BT', 'OD-G-BT'];
  const people = codes.map((code) => ({ code, fullName: `Đồng chí ${code}` }));
  const posts = [
    secretaryPost('OD-BT', 'OD', 'OD-BTV'),
    secretaryPost('OD-X-BT', 'OD-X', 'OD-X-DB'),
    secretaryPost('OD-G-BT', 'OD-G', 'OD-G-DB'),
    leaderPost('OD-CT', 'OD', 'OD-UBND', 'OD-UBND-LD', 'UBND_CHAIR', 'HEAD'),
    leaderPost('OD-PCT', 'OD', 'OD-UBND', 'OD-UBND-LD', 'UBND_VICE_CHAIR', 'DEPUTY'),
    leaderPost('OD-UV', 'OD', 'OD-UBND', 'OD-UBND-LD', 'UBND_MEMBER', 'MEMBER'),
    leaderPost('OD-X-CT', 'OD-X', 'OD-X-UBND', 'OD-X-UBND-LD', 'UBND_CHAIR', 'HEAD'),
    leaderPost('OD-X-P1', 'OD-X', 'OD-X-UBND', 'OD-X-UBND-LD', 'UBND_VICE_CHAIR', 'DEPUTY'),
    leaderPost('OD-X-P2', 'OD-X', 'OD-X-UBND', 'OD-X-UBND-LD', 'UBND_VICE_CHAIR', 'DEPUTY'),
  ];
  const memberships = ['OD-PCT', 'OD-G-BT'].map((person) => ({ person, branch: 'OD-G', admittedOn: '2000-05-19', status: 'OFFICIAL' }));
  const cycles = [{ ...yearCycle(CYCLE, 'Trình tự 2024', 2024), rulePack: 'QD124-2024' }];
  const row = (name: string, delegate: string, kind: string, scope: string, within: string) =>
    matrixRow(CYCLE, name, delegate, 'DECIDE', kind, scope, within);
  const delegations = [
    row('collectives', 'OD-BTV', 'LEADERSHIP_COLLECTIVE', 'OD', 'SUBTREE'),
    row('leaders', 'OD-BTV', 'LEADER', 'OD', 'SUBTREE'),
    row('organizations', 'OD-BTV', 'PARTY_ORGANIZATION', 'OD', 'BELOW'),
    row('members', 'OD-G-DB', 'PARTY_MEMBER', 'OD-G', 'SELF'),
  ];
  const res = await api
    .as(DEMO.admin)
    .request<any>(IMPORT_DATASET, { dataset: { version: 1, units, bodies, collectives, people, posts, memberships, cycles, delegations } });
  expect(res.importDataset.userErrors).toEqual([]);
});
afterAll(async () => {
  await api.close();
});

/** Opened and self-assessed (a collective's self-rating voted by two of its three), not yet reviewed. */
async function selfAssessed(as: string, kind: string, code: string, criteria: { id: string; grade: string }[], ballots?: object) {
  const r = await w().open(as, kind, code);
  ok(await w().selfAssess(as, r.id, { criteria, selfLevel: 'GOOD', targets: FULL_TARGETS, ...(ballots ? { ballots } : {}) }));
  return r.id as string;
}

const rulesOf = (payload: any) => payload.userErrors.map((e: any) => [e.code, e.rule, e.source]);

describe('the order of reviews and ratings', () => {
  it('reviews the commune’s party organization after its People’s Committee leadership (004 §I.4.2)', async () => {
    const org = await selfAssessed('OD-X-BT', 'PARTY_ORGANIZATION', 'OD-X-DB', COLLECTIVE_CRITERIA, unanimous('GOOD', 1));
    const collective = await selfAssessed('OD-X-CT', 'LEADERSHIP_COLLECTIVE', 'OD-X-UBND-LD', COLLECTIVE_CRITERIA, unanimous('GOOD'));
    expect(rulesOf(await w().review('OD-X-BT', org, '2024-11-19'))).toEqual([
      ['REVIEW_ORDER', 'review-order.bodies-before-party', '004 §I.4.2; 003 §II.4.2'],
    ]);
    ok(await w().review('OD-X-CT', collective, '2024-11-18'));
    ok(await w().review('OD-X-BT', org, '2024-11-19'));
  });

  it('reviews the collective, then its head, then the deputy — reviewed at the branch first (004 §I.4.2); rates lower collectives first and the member at the branch before the collective (004 §II.7.3; 003 §II.4.4)', async () => {
    const collective = await selfAssessed('OD-CT', 'LEADERSHIP_COLLECTIVE', 'OD-UBND-LD', COLLECTIVE_CRITERIA, unanimous('GOOD'));
    const head = await selfAssessed('OD-CT', 'LEADER', 'OD-CT-POST', LEADER_CRITERIA);
    const deputy = await selfAssessed('OD-PCT', 'LEADER', 'OD-PCT-POST', LEADER_CRITERIA);
    const member = await selfAssessed('OD-PCT', 'PARTY_MEMBER', 'OD-PCT', MEMBER_CRITERIA);

    const first = await w().review('OD-PCT', deputy, '2024-11-20');
    expect(rulesOf(first)).toEqual([
      ['REVIEW_ORDER', 'review-order.collective-before-individuals', '004 §I.4.2; 003 §II.4.2'],
      ['REVIEW_ORDER', 'review-order.head-before-deputies', '004 §I.4.2; 003 §II.4.2'],
      ['REVIEW_ORDER', 'review-order.branch-before-collective', '004 §I.4.2'],
    ]);
    expect(first.userErrors[0]).toMatchObject({ field: ['input', 'heldOn'], figures: { waitingFor: 'OD-UBND-LD', heldOn: null } });

    ok(await w().review('OD-CT', collective, '2024-11-20'));
    ok(await w().review('OD-CT', head, '2024-11-20'));
    ok(await w().review('OD-PCT', member, '2024-11-21'));
    // The branch's review came a day later than the day asked for the deputy's: still out of order.
    const early = await w().review('OD-PCT', deputy, '2024-11-20');
    expect(rulesOf(early)).toEqual([['REVIEW_ORDER', 'review-order.branch-before-collective', '004 §I.4.2']]);
    expect(early.userErrors[0].figures).toMatchObject({ heldOn: '2024-11-21', reviewOn: '2024-11-20' });
    ok(await w().review('OD-PCT', deputy, '2024-11-21'));

    // The district's collective waits for the commune's, reviewed in the case above and not yet decided.
    const one = (level: string) => ({ ballots: unanimous(level, 1) });
    const upper = await w().decide('OD-BT', collective, 'COMPLETE', one('COMPLETE'));
    expect(rulesOf(upper)).toEqual([['ORDER_PREREQUISITE', 'order.lower-before-upper', '004 §II.7.3']]);
    expect(upper.userErrors[0].figures).toMatchObject({
      prerequisite: 'LOWER_COLLECTIVES',
      waitingFor: '1 of 1 collectives of the units below',
    });
    const [{ id }] = await api.db.query(
      `SELECT r.id FROM rating r JOIN cycle c ON c.id = r.cycle_id WHERE c.code = $1 AND r.subject_code = 'OD-X-UBND-LD' AND r.annulled_at IS NULL`,
      [CYCLE],
    );
    const lower = Buffer.from(`Rating:${id}`).toString('base64url');
    ok(await w().decide('OD-BT', lower, 'COMPLETE', one('COMPLETE')));
    ok(await w().decide('OD-BT', collective, 'COMPLETE', one('COMPLETE')));

    // Rated in the branch first, then at the collective: the deputy waits for the grassroots organization's decision.
    const waiting = await w().decide('OD-BT', deputy, 'COMPLETE', one('COMPLETE'));
    expect(rulesOf(waiting)).toEqual([['ORDER_PREREQUISITE', 'order.branch-before-collective', '003 §II.4.4']]);
    expect(waiting.userErrors[0].figures).toMatchObject({ waitingFor: 'OD-PCT', prerequisite: 'MEMBER_AT_BRANCH' });
    ok(await w().decide('OD-G-BT', member, 'COMPLETE'));
    expect(ok(await w().decide('OD-BT', deputy, 'COMPLETE', one('COMPLETE'))).decidedLevel).toBe('COMPLETE');
  });
});
