import { gql } from 'graphql-request';
import { TWO_LEVEL } from '../../src/demo/two-level-province';
import { TestApi, startTestApi } from '../support/api';
import { Workflow, ok, unanimous } from '../support/workflow';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

/** The 2025 cycle is rated under QD366-2025: 30 general + 70 task points. */
const points = (total: number) => [
  { id: 'P1', points: Math.min(total, 30) },
  { id: 'P2', points: total - Math.min(total, 30) },
];
const TASKS = { total: 10, done: 10, exceeded: 3 };
const GOOD = { criteria: points(80), selfLevel: 'GOOD', targets: TASKS };

const membersOf = async (unit: string): Promise<string[]> =>
  (
    await api.db.query(
      `SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON u.id = m.branch_id WHERE u.code = $1 ORDER BY p.code`,
      [unit],
    )
  ).map((r: { code: string }) => r.code);

const CONSULTATIONS = gql`
  query ($id: ID!) {
    node(id: $id) {
      ... on Rating {
        concerns {
          kind
          note
        }
        consultations {
          id
          purpose
          body {
            code
          }
          opinionLevel
        }
      }
    }
  }
`;

/** A member opened, self-assessed and reviewed; null when the member is not rated (exempt, suspended, new). */
async function reviewed(w: Workflow, code: string): Promise<any | null> {
  const r = await w.open(code, 'PARTY_MEMBER', code);
  if (r.stage === 'NOT_RATED') return null;
  ok(await w.selfAssess(code, r.id, GOOD));
  return ok(await w.review(code, r.id, '2025-12-10'));
}

describe('the province in the 2025 two-level shape, decided as 43-HD/BTCTW §3 says', () => {
  it('a grassroots branch decides its members, the standing committee of the party committee above it decides the branch, and the province waits for every organization below', async () => {
    const w = new Workflow(api, '2025');
    const secretary = `${TWO_LEVEL.grassrootsBranch}-BT`;
    let decided = 0;
    for (const m of await membersOf(TWO_LEVEL.grassrootsBranch)) {
      const r = await reviewed(w, m);
      if (!r) continue;
      const d = ok(await w.decide(secretary, r.id, 'GOOD'));
      expect(d).toMatchObject({
        decidedLevel: 'GOOD',
        authority: { code: `${TWO_LEVEL.grassrootsBranch}-CB` },
        delegation: { source: '366-QĐ/TW Art. 12' },
      });
      decided += 1;
    }
    expect(decided).toBeGreaterThan(3);

    const branch = await w.open(secretary, 'PARTY_ORGANIZATION', `${TWO_LEVEL.grassrootsBranch}-CB`);
    ok(await w.selfAssess(secretary, branch.id, { ...GOOD, ballots: unanimous('GOOD') }));
    const late = await w.review(secretary, branch.id, '2025-12-10', '2025-12-08');
    expect(late.userErrors[0]).toMatchObject({
      code: 'DRAFT_REPORT_LATE',
      rule: 'review.draft-report-notice',
      source: '43-HD/BTCTW',
      figures: { workingDays: 2, needed: 3 },
    });
    ok(await w.review(secretary, branch.id, '2025-12-10'));
    // A member of the branch does not decide the branch; the standing committee of the government's party committee does.
    expect((await w.decide(secretary, branch.id, 'GOOD')).refused).toMatchObject({ code: 'FORBIDDEN' });
    const d = ok(await w.decide(`${TWO_LEVEL.governmentCommittee}-BT`, branch.id, 'GOOD'));
    expect(d).toMatchObject({
      authority: { code: `${TWO_LEVEL.governmentCommittee}-BTV` },
      delegation: { code: `2025/${TWO_LEVEL.governmentCommittee}/organizations`, source: '43-HD/BTCTW §3' },
    });

    // The government's party committee is the province's to decide, after its organizations (366-QĐ/TW Art. 12: lower before higher).
    const committee = await w.open(`${TWO_LEVEL.governmentCommittee}-BT`, 'PARTY_ORGANIZATION', `${TWO_LEVEL.governmentCommittee}-DB`);
    ok(await w.selfAssess(`${TWO_LEVEL.governmentCommittee}-BT`, committee.id, { ...GOOD, ballots: unanimous('GOOD') }));
    ok(await w.review(`${TWO_LEVEL.governmentCommittee}-BT`, committee.id, '2025-12-12'));
    ok(await w.verify('QT-BTC-TB', committee.id));
    const early = await w.decide('QT-BT', committee.id, 'GOOD');
    expect(early.userErrors[0]).toMatchObject({
      code: 'ORDER_PREREQUISITE',
      rule: 'order.members-before-organization',
      figures: { waitingFor: '2 of 3 members or subordinate organizations' },
    });
  });

  it('re-verifies by the committee above before deciding where complaints or disunity were recorded (366-QĐ/TW Art. 12)', async () => {
    const w = new Workflow(api, '2025');
    const branch = `${TWO_LEVEL.agenciesCommittee}-BTC`;
    const [member] = (await membersOf(branch)).filter((m) => !m.endsWith('-BT'));
    const r = await reviewed(w, member);
    expect(
      await api
        .as(member)
        .request<any>(
          gql`
            mutation ($i: RecordConcernInput!) {
              recordConcern(input: $i) {
                userErrors {
                  code
                }
              }
            }
          `,
          { i: { rating: r.id, kind: 'COMPLAINT', note: 'tự ghi' } },
        )
        .catch((e) => e.response.errors[0].extensions.code),
    ).toBe('FORBIDDEN');
    const concern = await api.as(`${branch}-BT`).request<any>(
      gql`
        mutation ($i: RecordConcernInput!) {
          recordConcern(input: $i) {
            rating {
              id
            }
            userErrors {
              code
            }
          }
        }
      `,
      { i: { rating: r.id, kind: 'COMPLAINT', note: 'Đơn phản ánh ngày 02/12/2025' } },
    );
    expect(concern.recordConcern.userErrors).toEqual([]);
    const { node } = await api.as(`${branch}-BT`).request<any>(CONSULTATIONS, { id: r.id });
    expect(node.concerns).toEqual([{ kind: 'COMPLAINT', note: 'Đơn phản ánh ngày 02/12/2025' }]);
    const [reverification] = node.consultations;
    expect(reverification).toMatchObject({
      purpose: 'REVERIFICATION',
      body: { code: `${TWO_LEVEL.agenciesCommittee}-BTV` },
      opinionLevel: null,
    });

    const waiting = await w.decide(`${branch}-BT`, r.id, 'GOOD', {
      deviations: [{ consultation: reverification.id, reason: 'không chờ' }],
    });
    expect(waiting.userErrors[0]).toMatchObject({
      code: 'REVERIFICATION_MISSING',
      rule: 'process.reverification',
      source: '366-QĐ/TW Art. 12',
      figures: { body: `${TWO_LEVEL.agenciesCommittee}-BTV` },
    });
    ok(await w.opinion(`${TWO_LEVEL.agenciesCommittee}-BT`, reverification.id, 'COMPLETE'));
    const differs = await w.decide(`${branch}-BT`, r.id, 'GOOD');
    expect(differs.userErrors[0]).toMatchObject({ code: 'DEVIATION_REASON_MISSING', source: '366-QĐ/TW Art. 12' });
    expect(ok(await w.decide(`${branch}-BT`, r.id, 'COMPLETE')).decidedLevel).toBe('COMPLETE');
  });

  it('asks for the reference of a re-verification the Central makes, where no committee above the decider is recorded', async () => {
    const w = new Workflow(api, '2025');
    const collective = await w.open('QT-DTN-CT', 'LEADERSHIP_COLLECTIVE', 'QT-DTN-TT');
    ok(await w.selfAssess('QT-DTN-CT', collective.id, { ...GOOD, ballots: unanimous('GOOD') }));
    expect((await w.review('QT-DTN-CT', collective.id, '2025-12-10', null)).userErrors[0]).toMatchObject({
      code: 'DRAFT_REPORT_DATE_MISSING',
      field: ['input', 'draftSentOn'],
    });
    // Two members: reviewed at the meeting of the province's office branch, where they belong (43-HD/BTCTW; 004 §II.7.4).
    expect((await w.review('QT-DTN-CT', collective.id, '2025-12-10')).userErrors[0]).toMatchObject({
      code: 'SMALL_COLLECTIVE_REVIEW',
      rule: 'review.small-collective-host',
      source: '43-HD/BTCTW',
    });
    const office = await w.host('QT-CBCQ-BT', 'PARTY_ORGANIZATION', 'QT-CBCQ-CB', points(80));
    expect((await w.review('QT-DTN-CT', collective.id, '2025-12-10', undefined, office)).userErrors[0]).toMatchObject({
      code: 'SMALL_COLLECTIVE_REVIEW',
      rule: 'review.small-collective-same-meeting',
      figures: { host: 'QT-CBCQ-CB', hostHeldOn: '2025-11-20', heldOn: '2025-12-10' },
    });
    const elsewhere = await w.host('QT-DH-BT', 'PARTY_ORGANIZATION', 'QT-DH-DB', points(80));
    expect((await w.review('QT-DTN-CT', collective.id, undefined, undefined, elsewhere)).userErrors[0]).toMatchObject({
      code: 'REVIEW_HOST_INVALID',
    });
    ok(await w.review('QT-DTN-CT', collective.id, undefined, undefined, office));
    ok(await w.verify('QT-BTC-TB', collective.id));
    ok(
      await api
        .as('QT-BTC-TB')
        .request<any>(
          gql`
            mutation ($i: RecordConcernInput!) {
              recordConcern(input: $i) {
                rating {
                  id
                  stage
                  concerns {
                    kind
                  }
                }
                userErrors {
                  code
                }
              }
            }
          `,
          { i: { rating: collective.id, kind: 'DISUNITY', note: 'Biểu hiện mất đoàn kết trong Ban Thường vụ' } },
        )
        .then((x) => x.recordConcern),
    );
    const refused = await w.decide('QT-BT', collective.id, 'GOOD');
    expect(refused.userErrors[0]).toMatchObject({
      code: 'REVERIFICATION_MISSING',
      field: ['input', 'reverificationRef'],
      figures: { concerns: 1 },
    });
    const d = ok(await w.decide('QT-BT', collective.id, 'GOOD', { reverificationRef: '125-BC/BTCTW' }));
    expect(d.decidedLevel).toBe('GOOD');
  });

  it('the provincial standing committee decides the party agencies’ committee once every member and branch below it is decided', async () => {
    const w = new Workflow(api, '2025');
    const k = TWO_LEVEL.agenciesCommittee;
    for (const branch of [`${k}-CBCQ`, `${k}-BTC`]) {
      const secretary = `${branch}-BT`;
      for (const m of await membersOf(branch)) {
        const [open] = await api.db.query(
          `SELECT r.stage FROM rating r JOIN cycle c ON c.id = r.cycle_id JOIN membership ms ON ms.id = r.subject_ref_id JOIN person p ON p.id = ms.person_id
                                            WHERE c.code = '2025' AND r.subject_kind = 'PARTY_MEMBER' AND p.code = $1 AND r.annulled_at IS NULL`,
          [m],
        );
        if (open && ['DECIDED', 'PUBLISHED', 'NOT_RATED'].includes(open.stage)) continue;
        const r = await reviewed(w, m);
        if (!r) continue;
        // A civil servant's party level comes after the civil-service level; where the row names no compiling staff, the deciding branch records it.
        ok(await w.verify(secretary, r.id, { civilServiceLevel: 'GOOD' }));
        ok(await w.decide(secretary, r.id, 'GOOD'));
      }
      const org = await w.open(secretary, 'PARTY_ORGANIZATION', `${branch}-CB`);
      ok(await w.selfAssess(secretary, org.id, { ...GOOD, ballots: unanimous('GOOD') }));
      ok(await w.review(secretary, org.id, '2025-12-12'));
      expect(ok(await w.decide(`${k}-BT`, org.id, 'GOOD'))).toMatchObject({
        authority: { code: `${k}-BTV` },
        delegation: { source: '43-HD/BTCTW §3' },
      });
    }
    const committee = await w.open(`${k}-BT`, 'PARTY_ORGANIZATION', `${k}-DB`);
    ok(await w.selfAssess(`${k}-BT`, committee.id, { ...GOOD, ballots: unanimous('GOOD') }));
    ok(await w.review(`${k}-BT`, committee.id, '2025-12-15'));
    ok(await w.verify('QT-BTC-TB', committee.id));
    const decided = ok(await w.decide('QT-BT', committee.id, 'GOOD'));
    expect(decided).toMatchObject({
      decidedLevel: 'GOOD',
      authority: { code: 'QT-BTV' },
      delegation: { code: '2025/QT/party-committees', source: '43-HD/BTCTW §3' },
    });
  });
});
