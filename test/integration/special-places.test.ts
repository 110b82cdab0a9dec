import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, startTestApi } from '../support/api';
import { IMPORT_DATASET, leaderPost, matrixRow, yearCycle } from '../support/own-dataset';
import { COLLECTIVE_CRITERIA, FULL_TARGETS, LEADER_CRITERIA, MEMBER_CRITERIA, Workflow, ok, unanimous } from '../support/workflow';
import { dbIdOf } from '../support/ids';

/**
 * Where a person or a small committee is reviewed, and who settles a difference between places (004 §II.7.3,
 * §II.7.4, §II.7.16), through the API. Units of this file's own (codes SQ-…): a district with its standing
 * committee (one member suspended from committee activity) and its People's Committee leadership; a grassroots
 * organization deciding its own members, where the vice-chair and the suspended member belong; and a grassroots
 * branch with only a secretary and a deputy.
 */
let api: TestApi;
const CYCLE = 'SQ-2024';
const w = () => new Workflow(api, CYCLE);
const DAY = '2024-11-20';

const seat = (person: string, extra: object = {}) => ({ body: 'SQ-BTV', person, startsOn: '2020-10-01', ...extra });
const SUSPENSION = { suspendedOn: '2024-09-01', suspensionRef: '15-QĐ/TU' };

beforeAll(async () => {
  api = await startTestApi();
  const units = [
    { code: 'SQ', name: 'Huyện SQ', kind: 'DISTRICT' },
    { code: 'SQ-G', name: 'Đảng bộ cơ sở G', kind: 'GRASSROOTS_PARTY_ORG', parent: 'SQ' },
    { code: 'SQ-C', name: 'Chi bộ cơ sở C', kind: 'GRASSROOTS_PARTY_ORG', parent: 'SQ' },
  ];
  const bodies = [
    { code: 'SQ-DU', name: 'Huyện ủy', kind: 'PARTY_EXECUTIVE_COMMITTEE', unit: 'SQ' },
    { code: 'SQ-BTV', name: 'Ban Thường vụ Huyện ủy', kind: 'PARTY_STANDING_COMMITTEE', unit: 'SQ', parent: 'SQ-DU' },
    { code: 'SQ-UBND', name: 'UBND huyện', kind: 'PEOPLES_COMMITTEE', unit: 'SQ' },
    { code: 'SQ-G-DB', name: 'Đảng bộ cơ sở G', kind: 'PARTY_ORGANIZATION', unit: 'SQ-G' },
    { code: 'SQ-C-DB', name: 'Chi bộ cơ sở C', kind: 'PARTY_ORGANIZATION', unit: 'SQ-C' },
    { code: 'SQ-C-CU', name: 'Chi ủy chi bộ C', kind: 'BRANCH_COMMITTEE', unit: 'SQ-C', parent: 'SQ-C-DB' },
    { code: 'SQ-C-CQ', name: 'Cơ quan C', kind: 'AGENCY_LEADERSHIP', unit: 'SQ-C' },
  ];
  const collectives = [
    { code: 'SQ-BTV-TT', name: 'Ban Thường vụ Huyện ủy', kind: 'PARTY_STANDING_COMMITTEE', body: 'SQ-BTV' },
    { code: 'SQ-UBND-LD', name: 'Lãnh đạo UBND huyện', kind: 'PEOPLES_COMMITTEE_LEADERSHIP', body: 'SQ-UBND' },
    { code: 'SQ-C-CU-TT', name: 'Chi ủy chi bộ C', kind: 'BRANCH_COMMITTEE', body: 'SQ-C-CU' },
    { code: 'SQ-C-CQ-LD', name: 'Lãnh đạo cơ quan C', kind: 'AGENCY_LEADERSHIP', body: 'SQ-C-CQ' },
  ];
  const codes = ['SQ-BT', 'SQ-PBT', 'SQ-UV1', 'SQ-UV2', 'SQ-UV3', 'SQ-CT', 'SQ-PCT', 'SQ-UV', 'SQ-G-BT', 'SQ-C-BT', 'SQ-C-PBT'];
  const people = codes.map((code) => ({ code, fullName: `Đồng chí ${code}` }));
  const posts = [
    leaderPost('SQ-BT', 'SQ', 'SQ-BTV', 'SQ-BTV-TT', 'SECRETARY', 'HEAD'),
    leaderPost('SQ-PBT', 'SQ', 'SQ-BTV', 'SQ-BTV-TT', 'DEPUTY_SECRETARY', 'DEPUTY'),
    leaderPost('SQ-UV1', 'SQ', 'SQ-BTV', 'SQ-BTV-TT', 'STANDING_MEMBER', 'MEMBER'),
    leaderPost('SQ-UV2', 'SQ', 'SQ-BTV', 'SQ-BTV-TT', 'STANDING_MEMBER', 'MEMBER'),
    leaderPost('SQ-CT', 'SQ', 'SQ-UBND', 'SQ-UBND-LD', 'UBND_CHAIR', 'HEAD'),
    leaderPost('SQ-PCT', 'SQ', 'SQ-UBND', 'SQ-UBND-LD', 'UBND_VICE_CHAIR', 'DEPUTY'),
    leaderPost('SQ-UV', 'SQ', 'SQ-UBND', 'SQ-UBND-LD', 'UBND_MEMBER', 'MEMBER'),
    leaderPost('SQ-G-BT', 'SQ-G', 'SQ-G-DB', null, 'SECRETARY', 'HEAD'),
    // The secretary heads the organization (and presents its self-assessment) and sits in its committee.
    leaderPost('SQ-C-BT', 'SQ-C', 'SQ-C-DB', 'SQ-C-CU-TT', 'BRANCH_SECRETARY', 'HEAD'),
    leaderPost('SQ-C-PBT', 'SQ-C', 'SQ-C-CU', 'SQ-C-CU-TT', 'BRANCH_DEPUTY_SECRETARY', 'DEPUTY'),
    { ...leaderPost('SQ-C-BT', 'SQ-C', 'SQ-C-CQ', 'SQ-C-CQ-LD', 'AGENCY_HEAD', 'HEAD'), code: 'SQ-C-BT-CQ', concurrent: true },
  ];
  // SQ-UV3 sits on both committees and is suspended, as recorded, on the executive committee's seat only.
  const seats = [
    seat('SQ-BT'),
    seat('SQ-PBT'),
    seat('SQ-UV1'),
    seat('SQ-UV2', SUSPENSION),
    seat('SQ-UV3'),
    { ...seat('SQ-UV3'), body: 'SQ-DU', suspendedOn: '2024-10-01', suspensionRef: '16-QĐ/TU' },
  ];
  const member = (person: string, branch: string) => ({ person, branch, admittedOn: '2000-05-19', status: 'OFFICIAL' });
  const memberships = [
    ...['SQ-PCT', 'SQ-UV2', 'SQ-G-BT'].map((p) => member(p, 'SQ-G')),
    ...['SQ-C-BT', 'SQ-C-PBT'].map((p) => member(p, 'SQ-C')),
  ];
  const cycles = [{ ...yearCycle(CYCLE, 'Nơi kiểm điểm 2024', 2024), rulePack: 'QD124-2024' }];
  const row = (name: string, delegate: string, power: string, kind: string, scope: string, within: string) =>
    matrixRow(CYCLE, name, delegate, power, kind, scope, within);
  const delegations = [
    row('collectives', 'SQ-BTV', 'DECIDE', 'LEADERSHIP_COLLECTIVE', 'SQ', 'SUBTREE'),
    row('leaders', 'SQ-BTV', 'DECIDE', 'LEADER', 'SQ', 'SUBTREE'),
    row('leaders-proposed', 'SQ-UBND', 'PROPOSE', 'LEADER', 'SQ', 'SUBTREE'),
    row('organizations', 'SQ-BTV', 'DECIDE', 'PARTY_ORGANIZATION', 'SQ', 'BELOW'),
    row('members-g', 'SQ-G-DB', 'DECIDE', 'PARTY_MEMBER', 'SQ-G', 'SELF'),
    row('members-c', 'SQ-C-DB', 'DECIDE', 'PARTY_MEMBER', 'SQ-C', 'SELF'),
  ];
  const res = await api.as(DEMO.admin).request<any>(IMPORT_DATASET, {
    dataset: { version: 1, units, bodies, collectives, people, posts, seats, memberships, cycles, delegations },
  });
  expect(res.importDataset.userErrors).toEqual([]);
});
afterAll(async () => {
  await api.close();
});

/** Opened and self-assessed (a collective's self-rating voted by two), not yet reviewed. */
async function selfAssessed(as: string, kind: string, code: string, ballots?: object) {
  const criteria = { PARTY_MEMBER: MEMBER_CRITERIA, LEADER: LEADER_CRITERIA }[kind] ?? COLLECTIVE_CRITERIA;
  const r = await w().open(as, kind, code);
  ok(await w().selfAssess(as, r.id, { criteria, selfLevel: 'GOOD', targets: FULL_TARGETS, ...(ballots ? { ballots } : {}) }));
  return r.id as string;
}
const reviewed = async (as: string, kind: string, code: string, ballots?: object) => {
  const id = await selfAssessed(as, kind, code, ballots);
  ok(await w().review(as, id, DAY));
  return id;
};
const rulesOf = (payload: any) => payload.userErrors.map((e: any) => [e.code, e.rule, e.source]);
const recorded = async (as: string, id: string) =>
  (
    await api
      .as(as)
      .request<any>(
        `query($id: ID!) { node(id: $id) { ... on Rating { recordedFacts { committeeSuspension { body suspendedOn decisionRef } } } } }`,
        {
          id,
        },
      )
  ).node.recordedFacts.committeeSuspension;

describe('a committee member suspended from committee activity (004 §II.7.16)', () => {
  it('reviews the time before the suspension at the branch, at its meeting; no longer counts among the committee’s voters', async () => {
    // Five seats, two of their members suspended — SQ-UV3 on the executive committee's seat, which suspends them from
    // committee activity as a whole: three vote.
    const collective = await w().open('SQ-BT', 'LEADERSHIP_COLLECTIVE', 'SQ-BTV-TT');
    const overConvened = await w().selfAssess('SQ-BT', collective.id, {
      criteria: COLLECTIVE_CRITERIA,
      selfLevel: 'GOOD',
      targets: FULL_TARGETS,
      ballots: { ...unanimous('GOOD', 4), heldOn: DAY },
    });
    expect(overConvened.userErrors[0]).toMatchObject({ code: 'CONVENED_OVER_MEMBERS', figures: { convened: 4, members: 3 } });

    const leader = await selfAssessed('SQ-UV2', 'LEADER', 'SQ-UV2-POST');
    // Reviewed at the branch instead of the standing committee: not after the collective or its head, but at the branch's meeting.
    const first = await w().review('SQ-UV2', leader, DAY);
    expect(rulesOf(first)).toEqual([['SUSPENDED_MEMBER_REVIEW', 'review.suspended-committee-member', '004 §II.7.16']]);
    expect(first.userErrors[0].figures).toMatchObject({ branchReview: null, branchHeldOn: null });
    const branch = await selfAssessed('SQ-UV2', 'PARTY_MEMBER', 'SQ-UV2');
    expect(rulesOf(await w().review('SQ-UV2', leader, DAY))).toEqual([
      ['REVIEW_ORDER', 'review-order.branch-before-collective', '004 §I.4.2'],
    ]);
    ok(await w().review('SQ-UV2', branch, '2024-11-21'));
    const another = await w().review('SQ-UV2', leader, '2024-11-22');
    expect(rulesOf(another)).toEqual([['SUSPENDED_MEMBER_REVIEW', 'review.suspended-committee-member', '004 §II.7.16']]);
    expect(another.userErrors[0]).toMatchObject({
      field: ['input', 'heldOn'],
      figures: { body: 'SQ-BTV', suspendedOn: '2024-09-01', decisionRef: '15-QĐ/TU', branchReview: 'SQ-UV2', branchHeldOn: '2024-11-21' },
    });
    ok(await w().review('SQ-UV2', leader, '2024-11-21'));

    const suspension = { body: 'SQ-BTV', suspendedOn: '2024-09-01', decisionRef: '15-QĐ/TU' };
    expect(await recorded('SQ-UV2', leader)).toEqual(suspension);
    expect(await recorded('SQ-UV2', branch)).toEqual(suspension);
    // A member not suspended still waits for the collective (its review is not held).
    const other = await selfAssessed('SQ-UV1', 'LEADER', 'SQ-UV1-POST');
    expect(rulesOf(await w().review('SQ-UV1', other, DAY))).toContainEqual([
      'REVIEW_ORDER',
      'review-order.collective-before-individuals',
      '004 §I.4.2; 003 §II.4.2',
    ]);
  });

  it('refuses a suspension without the reference of its decision, or before the seat', async () => {
    const res = await api.as(DEMO.admin).request<any>(IMPORT_DATASET, {
      dataset: {
        version: 1,
        seats: [seat('SQ-UV1', { suspendedOn: '2024-09-01' }), seat('SQ-PBT', { ...SUSPENSION, suspendedOn: '2019-01-01' })],
      },
    });
    expect(res.importDataset.userErrors.map((e: any) => e.message).sort()).toEqual([
      'seats[0].suspensionRef: a suspension from committee activity needs the reference of its decision',
      expect.stringMatching(/^seats\[1\]\.suspendedOn: /),
    ]);
    const [{ n }] = await api.db.query(
      `SELECT count(*)::int AS n FROM committee_seat s JOIN person p ON p.id = s.person_id WHERE p.code IN ('SQ-UV1', 'SQ-PBT') AND s.suspended_on IS NOT NULL`,
    );
    expect(n).toBe(0);
  });
});

describe('a person whose places voted different levels (004 §II.7.3)', () => {
  it('is decided by the competent level, which sees every place, only with what it considered, kept with the decision', async () => {
    const collective = await reviewed('SQ-CT', 'LEADERSHIP_COLLECTIVE', 'SQ-UBND-LD', unanimous('GOOD'));
    await reviewed('SQ-CT', 'LEADER', 'SQ-CT-POST');
    const member = await reviewed('SQ-PCT', 'PARTY_MEMBER', 'SQ-PCT');
    const deputy = await reviewed('SQ-PCT', 'LEADER', 'SQ-PCT-POST');
    // The People's Committee leadership votes COMPLETE for its vice-chair; the branch, deciding its own member, votes GOOD.
    ok(await w().propose('SQ-CT', deputy, 'COMPLETE', unanimous('COMPLETE')));
    // The branch cannot read the collective's vote, and is not told of it: the difference is the competent level's.
    const atBranch = ok(await w().decide('SQ-G-BT', member, 'GOOD'));
    expect(atBranch.findings.map((f: any) => f.rule)).not.toContain('votes.differ-between-places');

    ok(await w().decide('SQ-BT', collective, 'COMPLETE'));
    const differing = await w().decide('SQ-BT', deputy, 'COMPLETE');
    expect(rulesOf(differing)).toEqual([['VOTES_DIFFER', 'votes.differ-between-places', '004 §II.7.3']]);
    expect(differing.userErrors[0]).toMatchObject({
      field: ['input', 'differingVotesReason'],
      figures: { places: 'SQ-PCT-POST: COMPLETE; SQ-PCT: GOOD', levels: 'COMPLETE, GOOD', considered: null },
    });
    const reason =
      'Đã xem xét kết quả biểu quyết ở chi bộ và ở tập thể lãnh đạo UBND; mức chất lượng cán bộ theo kết quả nhiệm vụ được giao';
    const decided = ok(await w().decide('SQ-BT', deputy, 'COMPLETE', { differingVotesReason: reason }));
    expect(decided.findings).toContainEqual({ rule: 'votes.differ-between-places', source: '004 §II.7.3' });
    const [{ figures }] = await api.db.query(
      `SELECT f->'figures' AS figures FROM rating r, jsonb_array_elements(r.findings) f
        WHERE r.id = $1 AND f->>'rule' = 'votes.differ-between-places'`,
      [dbIdOf(deputy)],
    );
    expect(figures.considered).toBe(reason);
  });
});

describe('a party organization with only a secretary and a deputy (004 §II.7.4)', () => {
  it('reviews its committee at the party organization itself, at its meeting', async () => {
    const committee = await selfAssessed('SQ-C-BT', 'LEADERSHIP_COLLECTIVE', 'SQ-C-CU-TT', unanimous('GOOD'));
    expect(rulesOf(await w().review('SQ-C-BT', committee, DAY))).toEqual([
      ['SMALL_COLLECTIVE_REVIEW', 'review.small-collective-host', '004 §II.7.4'],
    ]);
    // Another collective of its unit passes for an agency's small leadership, not for a party organization's own committee.
    const agency = await w().open('SQ-C-BT', 'LEADERSHIP_COLLECTIVE', 'SQ-C-CQ-LD');
    const elsewhere = await w().review('SQ-C-BT', committee, DAY, undefined, agency.id);
    expect(rulesOf(elsewhere)).toEqual([['REVIEW_HOST_INVALID', 'review.secretary-only-organization', '004 §II.7.4']]);

    const organization = await reviewed('SQ-C-BT', 'PARTY_ORGANIZATION', 'SQ-C-DB', unanimous('GOOD'));
    expect(rulesOf(await w().review('SQ-C-BT', committee, '2024-11-21', undefined, organization))).toEqual([
      ['SMALL_COLLECTIVE_REVIEW', 'review.small-collective-same-meeting', '004 §II.7.4'],
    ]);
    ok(await w().review('SQ-C-BT', committee, DAY, undefined, organization));
  });
});
