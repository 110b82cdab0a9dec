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
const MEMBERS = ['SC-M1', 'SC-M2', 'SC-M3', 'SC-M4'];

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

const timeWorked = (rating: any) => rating.findings.filter((f: any) => f.rule === 'eligibility.actual-time-worked');

describe('sick leave and maternity leave (004 §II.7.12)', () => {
  it('rate a member on the time actually worked from 3 months of sick leave in the year, or maternity leave, and refuse months outside the year', async () => {
    const prepared = async (code: string) => {
      const r = await w().open(code, 'PARTY_MEMBER', code);
      ok(await w().selfAssess(code, r.id, { criteria: MEMBER_CRITERIA, selfLevel: 'GOOD', targets: FULL_TARGETS }));
      ok(await w().review(code, r.id, '2024-11-20'));
      return r.id as string;
    };
    const [three, two, maternity, bad] = await Promise.all(MEMBERS.map(prepared));

    ok(await w().verify('SC-BT', three, { sickLeaveMonths: 3 }));
    ok(await w().verify('SC-BT', two, { sickLeaveMonths: 2 }));
    ok(await w().verify('SC-BT', maternity, { maternityLeave: true }));
    const refused = await w().verify('SC-BT', bad, { sickLeaveMonths: 13 });
    expect(refused.userErrors).toEqual([
      expect.objectContaining({ code: 'BAD_FACTS', field: ['input', 'facts', 'sickLeaveMonths'], figures: { sickLeaveMonths: 13 } }),
    ]);

    // The note stops nothing: each is decided as any other member, and the decision keeps the note with its clause.
    const decided = async (id: string) => ok(await w().decide('SC-BT', id, 'GOOD', { ballots: { convened: 4, good: 4 } }));
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
