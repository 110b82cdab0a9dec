import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, startTestApi } from '../support/api';
import { IMPORT_DATASET, secretaryPost, yearCycle } from '../support/own-dataset';
import { FULL_TARGETS, MEMBER_CRITERIA, Workflow, ok } from '../support/workflow';

/**
 * The special cases of 004 §II.7, through the API. Units of this file's own (codes SC-…): a grassroots
 * party organization whose committee decides its members, its staff verifying them.
 */
let api: TestApi;
const CYCLE = 'SC-2024';
const w = () => new Workflow(api, CYCLE);
const MEMBERS = ['SC-M1', 'SC-M2', 'SC-M3', 'SC-M4', 'SC-M5', 'SC-M6', 'SC-M7'];

beforeAll(async () => {
  api = await startTestApi();
  const units = [{ code: 'SC', name: 'Đảng bộ cơ sở SC', kind: 'GRASSROOTS_PARTY_ORG' }];
  const bodies = [{ code: 'SC-DB', name: 'Đảng bộ cơ sở SC', kind: 'PARTY_ORGANIZATION', unit: 'SC' }];
  const people = ['SC-BT', ...MEMBERS].map((code) => ({ code, fullName: `Đồng chí ${code}` }));
  const memberships = MEMBERS.map((person) => ({ person, branch: 'SC', admittedOn: '2001-03-03', status: 'OFFICIAL' }));
  const cycles = [{ ...yearCycle(CYCLE, 'Trường hợp đặc biệt 2024', 2024), rulePack: 'QD124-2024' }];
  const delegations = [
    {
      code: `${CYCLE}/SC/members`,
      cycle: CYCLE,
      delegate: 'SC-DB',
      compiler: 'SC-DB',
      power: 'DECIDE',
      subject: { kind: 'PARTY_MEMBER', scope: 'SC', within: 'SELF' },
      source: '004 §II.6.1',
    },
  ];
  const res = await api.as(DEMO.admin).request<any>(IMPORT_DATASET, {
    dataset: { version: 1, units, bodies, people, posts: [secretaryPost('SC-BT', 'SC', 'SC-DB')], memberships, cycles, delegations },
  });
  expect(res.importDataset.userErrors).toEqual([]);
});
afterAll(async () => {
  await api.close();
});

/** A member's rating opened, self-assessed and reviewed. */
async function prepared(code: string): Promise<string> {
  const r = await w().open(code, 'PARTY_MEMBER', code);
  ok(await w().selfAssess(code, r.id, { criteria: MEMBER_CRITERIA, selfLevel: 'GOOD', targets: FULL_TARGETS }));
  ok(await w().review(code, r.id, '2024-11-20'));
  return r.id;
}

const decide = (id: string) => w().decide('SC-BT', id, 'GOOD', { ballots: { convened: 4, good: 4 } });

const timeWorked = (rating: any) => rating.findings.filter((f: any) => f.rule === 'eligibility.actual-time-worked');

describe('sick leave and maternity leave (004 §II.7.12)', () => {
  it('rate a member on the time actually worked from 3 months of sick leave in the year, or maternity leave, and refuse months outside the year', async () => {
    const [three, two, maternity, bad] = await Promise.all(MEMBERS.slice(0, 4).map(prepared));

    ok(await w().verify('SC-BT', three, { sickLeaveMonths: 3 }));
    ok(await w().verify('SC-BT', two, { sickLeaveMonths: 2 }));
    ok(await w().verify('SC-BT', maternity, { maternityLeave: true }));
    const refused = await w().verify('SC-BT', bad, { sickLeaveMonths: 13 });
    expect(refused.userErrors).toEqual([
      expect.objectContaining({ code: 'BAD_FACTS', field: ['input', 'facts', 'sickLeaveMonths'], figures: { sickLeaveMonths: 13 } }),
    ]);

    // The note stops nothing: each is decided as any other member, and the decision keeps the note with its clause.
    const decided = async (id: string) => ok(await decide(id));
    expect(timeWorked(await decided(three))).toEqual([{ rule: 'eligibility.actual-time-worked', source: '004 §II.7.12' }]);
    expect(timeWorked(await decided(two))).toEqual([]);
    expect(timeWorked(await decided(maternity))).toHaveLength(1);
    const read = await api
      .as('SC-BT')
      .request<any>(`query($id: ID!) { node(id: $id) { ... on Rating { recordedFacts { sickLeaveMonths maternityLeave } } } }`, {
        id: three,
      });
    expect(read.node.recordedFacts).toEqual({ sickLeaveMonths: 3, maternityLeave: null });
  });
});

describe('comments from where else a member was active (004 §II.7.13–7.14)', () => {
  it('decide a member who moved after 6 months or more, or is attached temporarily, only with the other organization’s written comment', async () => {
    const [moved, briefly, attached] = await Promise.all(MEMBERS.slice(4).map(prepared));
    ok(await w().verify('SC-BT', moved, { previousOrganization: { name: 'Chi bộ Trường THCS A', months: 6 } }));
    ok(await w().verify('SC-BT', briefly, { previousOrganization: { name: 'Chi bộ Trường THCS A', months: 5 } }));
    ok(await w().verify('SC-BT', attached, { temporaryBranch: { name: 'Chi bộ khu phố 3' } }));

    const waiting = await decide(moved);
    expect(waiting.userErrors).toEqual([
      expect.objectContaining({
        code: 'FACT_MISSING',
        rule: 'member.previous-organization-comment',
        source: '004 §II.7.13',
        figures: expect.objectContaining({ recordedBy: 'verifyRating', months: 6 }),
      }),
    ]);
    const temporary = await decide(attached);
    expect(temporary.userErrors.map((e: any) => [e.code, e.rule, e.source])).toEqual([
      ['FACT_MISSING', 'member.temporary-branch-comment', '004 §II.7.14'],
    ]);
    // Five months there: no comment needed.
    expect(ok(await decide(briefly)).decidedLevel).toBe('GOOD');

    const comment = 'Hoàn thành tốt nhiệm vụ trong thời gian sinh hoạt tại chi bộ';
    ok(await w().verify('SC-BT', moved, { previousOrganization: { name: 'Chi bộ Trường THCS A', months: 6, comment } }));
    ok(await w().verify('SC-BT', attached, { temporaryBranch: { name: 'Chi bộ khu phố 3', comment } }));
    expect(ok(await decide(moved)).decidedLevel).toBe('GOOD');
    expect(ok(await decide(attached)).decidedLevel).toBe('GOOD');
    const read = await api
      .as('SC-BT')
      .request<any>(`query($id: ID!) { node(id: $id) { ... on Rating { recordedFacts { temporaryBranch { name comment } } } } }`, {
        id: attached,
      });
    expect(read.node.recordedFacts.temporaryBranch).toEqual({ name: 'Chi bộ khu phố 3', comment });

    const bad = await w().verify('SC-BT', briefly, { previousOrganization: { name: ' ', months: 13 } });
    expect(bad.userErrors[0]).toMatchObject({ code: 'BAD_FACTS', field: ['input', 'facts', 'previousOrganization'] });
  });
});
