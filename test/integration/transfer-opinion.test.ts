import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, startTestApi } from '../support/api';
import { IMPORT_DATASET, secretaryPost, yearCycle } from '../support/own-dataset';
import { Workflow, ok, unanimous } from '../support/workflow';

/**
 * 004 §II.7.11; 000 §11(2): an organization transferred to another superior during the year is rated with the
 * opinion of the committee it came from. Units of this file's own (codes TO-…): two districts, each with its
 * executive and standing committee; a ward's party organization moves from the first to the second.
 */
let api: TestApi;
const CYCLE = 'TO-2026';
const w = () => new Workflow(api, CYCLE);
const admin = () => api.as(DEMO.admin);

beforeAll(async () => {
  api = await startTestApi();
  const units = [
    { code: 'TO', name: 'Tỉnh TO', kind: 'PROVINCE' },
    { code: 'TO-A', name: 'Huyện A', kind: 'DISTRICT', parent: 'TO' },
    { code: 'TO-B', name: 'Huyện B', kind: 'DISTRICT', parent: 'TO' },
    { code: 'TO-W', name: 'Phường W', kind: 'WARD', parent: 'TO-A' },
  ];
  const bodies = [
    ...['TO-A', 'TO-B'].flatMap((d) => [
      { code: `${d}-DU`, name: `Huyện ủy ${d}`, kind: 'PARTY_EXECUTIVE_COMMITTEE', unit: d },
      { code: `${d}-BTV`, name: `Ban Thường vụ ${d}`, kind: 'PARTY_STANDING_COMMITTEE', unit: d, parent: `${d}-DU` },
    ]),
    { code: 'TO-W-DB', name: 'Đảng bộ phường W', kind: 'PARTY_ORGANIZATION', unit: 'TO-W' },
  ];
  const people = ['TO-A-BT', 'TO-B-BT', 'TO-W-BT'].map((code) => ({ code, fullName: `Bí thư ${code}` }));
  const posts = [
    secretaryPost('TO-A-BT', 'TO-A', 'TO-A-BTV'),
    secretaryPost('TO-B-BT', 'TO-B', 'TO-B-BTV'),
    secretaryPost('TO-W-BT', 'TO-W', 'TO-W-DB'),
  ];
  const cycles = [yearCycle(CYCLE, 'Chuyển giao tổ chức đảng 2026', 2026)];
  // One secretary votes in each body here (a ballot of one convened).
  // Each district's standing committee decides the organizations of its subtree.
  const delegations = ['TO-A', 'TO-B'].map((d) => ({
    code: `${CYCLE}/${d}/organizations`,
    cycle: CYCLE,
    delegate: `${d}-BTV`,
    power: 'DECIDE',
    subject: { kind: 'PARTY_ORGANIZATION', scope: d, within: 'BELOW' },
    source: '366-QĐ/TW Art. 12',
  }));
  const res = await admin().request<any>(IMPORT_DATASET, { dataset: { version: 1, units, bodies, people, posts, cycles, delegations } });
  expect(res.importDataset.userErrors).toEqual([]);
});
afterAll(async () => {
  await api.close();
});

const ASKED = `{ transferOpinionsAsked { consultation cycle opinionLevel source organization { code } body { code } } }`;
const GIVE = `mutation($i: GiveTransferOpinionInput!) { giveTransferOpinion(input: $i) { asked { opinionLevel } userErrors { code message } } }`;
const READ = `query($id: ID!) { node(id: $id) { ... on Rating { stage consultations { purpose source opinionLevel body { code } } } } }`;

const GOOD = {
  criteria: [
    { id: 'P1', points: 30 },
    { id: 'P2', points: 50 },
  ],
  selfLevel: 'GOOD',
  targets: { total: 10, done: 10, exceeded: 3 },
  ballots: unanimous('GOOD', 1),
};

describe('an organization transferred in during the year', () => {
  it('is decided by its new superior only with the opinion of the committee it came from, which answers it without reading the rating', async () => {
    const r = await w().open('TO-W-BT', 'PARTY_ORGANIZATION', 'TO-W-DB');
    ok(await w().selfAssess('TO-W-BT', r.id, GOOD));
    ok(await w().review('TO-W-BT', r.id, '2026-11-20'));

    const moved = await admin().request<any>(
      `mutation($i: TransferUnitInput!) { transferUnit(input: $i) { userErrors { code message } } }`,
      { i: { unit: 'TO-W', newParent: 'TO-B', effectiveOn: '2026-07-01', decisionRef: '99/NQ-UBTVQH15' } },
    );
    expect(moved.transferUnit.userErrors).toEqual([]);

    // The new superior decides now; the decision waits for the opinion the workflow asked of the old one.
    const early = await w().decide('TO-B-BT', r.id, 'GOOD', { ballots: unanimous('GOOD', 1) });
    expect(early.userErrors).toEqual([
      expect.objectContaining({ code: 'CONSULTATION_MISSING', rule: 'consultation.required', source: '004 §II.7.11; 000 §11(2)' }),
    ]);
    const rating = (await api.as('TO-B-BT').request<any>(READ, { id: r.id })).node;
    expect(rating.consultations).toEqual([
      { purpose: 'TRANSFER', source: '004 §II.7.11; 000 §11(2)', opinionLevel: null, body: { code: 'TO-A-BTV' } },
    ]);

    // The old superior no longer reads the organization's rating, but sees what is asked of it and answers.
    expect((await api.as('TO-A-BT').request<any>(READ, { id: r.id })).node).toBeNull();
    const asked = (await api.as('TO-A-BT').request<any>(ASKED)).transferOpinionsAsked;
    expect(asked).toEqual([
      {
        consultation: expect.any(String),
        cycle: CYCLE,
        opinionLevel: null,
        source: '004 §II.7.11; 000 §11(2)',
        organization: { code: 'TO-W-DB' },
        body: { code: 'TO-A-BTV' },
      },
    ]);
    // No one else sees it or may answer it: not the new superior, not the organization.
    expect((await api.as('TO-B-BT').request<any>(ASKED)).transferOpinionsAsked).toEqual([]);
    const stranger = await api
      .as('TO-W-BT')
      .request<any>(GIVE, { i: { consultation: asked[0].consultation, level: 'EXCELLENT', opinion: 'x' } })
      .catch((e: any) => e.response.errors[0].extensions.code);
    expect(stranger).toBe('NOT_FOUND');

    const given = await api
      .as('TO-A-BT')
      .request<any>(GIVE, { i: { consultation: asked[0].consultation, level: 'GOOD', opinion: 'Hoàn thành tốt nhiệm vụ đến 30/6' } });
    expect(given.giveTransferOpinion).toEqual({ asked: { opinionLevel: 'GOOD' }, userErrors: [] });

    expect(ok(await w().decide('TO-B-BT', r.id, 'GOOD', { ballots: unanimous('GOOD', 1) }))).toMatchObject({
      decidedLevel: 'GOOD',
      authority: { code: 'TO-B-BTV' },
    });
  });
});
