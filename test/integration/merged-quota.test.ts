import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, startTestApi } from '../support/api';
import { IMPORT_DATASET, secretaryPost, yearCycle } from '../support/own-dataset';
import { FULL_TARGETS, MEMBER_CRITERIA, Workflow, ok, unanimous } from '../support/workflow';

/**
 * Quota scopes follow a merger (DOMAIN §15.1): two branches of four members, each with one EXCELLENT under the
 * small group's exception (004 §II.7.17), merge; the joined scope of eight allows one; a re-rating afterwards counts
 * in the joined scope. Units of this file's own: two grassroots organizations (codes MQ-… and MR-…) of two branches each.
 */
let api: TestApi;
const CYCLE = 'MQ-2026';
const w = () => new Workflow(api, CYCLE);
const DAY = '2026-11-20';
const CYCLES = [{ ...yearCycle(CYCLE, 'Chỉ tiêu sau sáp nhập 2026', 2026), rulePack: 'QD124-2024' }];
const members = (b: string, size = 4) => Array.from({ length: size }, (_, i) => `${b}-M${i + 1}`);

const MERGE = `mutation($i: MergeUnitsInput!) { mergeUnits(input: $i) {
  quotaScopes { cycle authority subjectKind figures { eligible good excellent maxExcellent breached } flagged }
  userErrors { code field message rule } } }`;
const FLAGGED = `query($id: ID!) { node(id: $id) { ... on Rating { decidedLevel flaggedReason } } }`;

beforeAll(async () => {
  api = await startTestApi();
  for (const [o, branches] of [
    ['MQ', ['MQ-A', 'MQ-B']],
    ['MR', ['MR-A', 'MR-B']],
  ] as const) {
    const res = await api
      .as(DEMO.admin)
      .request<any>(IMPORT_DATASET, { dataset: { version: 1, cycles: CYCLES, ...organizationWithBranches(o, [...branches], 4) } });
    expect(res.importDataset.userErrors).toEqual([]);
  }
});
afterAll(async () => {
  await api.close();
});

/** A grassroots organization `o` with its committee (secretary `o-BT`) and branches of `size` members each. */
function organizationWithBranches(o: string, branches: string[], size: number, exempted: string[] = []) {
  const units = [
    { code: o, name: `Đảng bộ ${o}`, kind: 'GRASSROOTS_PARTY_ORG' },
    ...[...branches, `${o}-X`].map((code) => ({ code, name: `Chi bộ ${code}`, kind: 'PARTY_BRANCH', parent: o })),
  ];
  const bodies = [
    { code: `${o}-DU`, name: `Đảng ủy ${o}`, kind: 'PARTY_EXECUTIVE_COMMITTEE', unit: o },
    ...branches.map((b) => ({ code: `${b}-TC`, name: `Chi bộ ${b}`, kind: 'PARTY_ORGANIZATION', unit: b })),
  ];
  const secretaries = [`${o}-BT`, ...branches.map((b) => `${b}-BT`)];
  const codes = [...secretaries, ...branches.flatMap((b) => members(b, size))];
  const people = codes.map((code) => ({ code, fullName: `Đảng viên ${code}` }));
  // The secretaries are members elsewhere, so that each branch has `size` eligible.
  const memberships = codes.map((person) => ({
    person,
    branch: secretaries.includes(person) ? `${o}-X` : person.slice(0, person.lastIndexOf('-')),
    admittedOn: '2005-05-19',
    status: exempted.includes(person) ? 'EXEMPTED' : 'OFFICIAL',
  }));
  const posts = [secretaryPost(`${o}-BT`, o, `${o}-DU`), ...branches.map((b) => secretaryPost(`${b}-BT`, b, `${b}-TC`))];
  const delegations = branches.map((b) => ({
    code: `${CYCLE}/${b}/members`,
    cycle: CYCLE,
    delegate: `${b}-TC`,
    power: 'DECIDE',
    subject: { kind: 'PARTY_MEMBER', scope: b, within: 'SELF' },
    source: '004 §II.6.1',
  }));
  return { units, bodies, people, memberships, posts, delegations };
}

/** A branch's four members decided: three GOOD, then the fourth EXCELLENT — the small group's one (all four GOOD or higher) — or GOOD. */
async function decidedBranch(b: string, fourth = 'EXCELLENT'): Promise<string[]> {
  const { ids, answer } = await fourDecided(b, fourth);
  expect(ok(answer).decidedLevel).toBe(fourth);
  return ids;
}

/** Four of a branch's members reviewed and decided by its secretary, three GOOD, then the fourth at `fourth`: the last answer. */
async function fourDecided(b: string, fourth: string): Promise<{ ids: string[]; answer: any }> {
  const ids = await reviewed(members(b));
  for (const id of ids.slice(0, 3)) ok(await w().decide(`${b}-BT`, id, 'GOOD'));
  return { ids, answer: await w().decide(`${b}-BT`, ids[3], fourth) };
}

/** Each member's rating opened, self-assessed GOOD and reviewed: ready for its branch to decide. */
async function reviewed(codes: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const m of codes) {
    const r = await w().open(m, 'PARTY_MEMBER', m);
    ok(await w().selfAssess(m, r.id, { criteria: MEMBER_CRITERIA, selfLevel: 'GOOD', targets: FULL_TARGETS }));
    ok(await w().review(m, r.id, DAY));
    ids.push(r.id);
  }
  return ids;
}

describe('the small group a decision counts (004 §II.7.17)', () => {
  it('leaves out a member settled NOT_RATED: four eligible of five take the small group’s EXCELLENT, five do not', async () => {
    // MZ-A's fifth member, exempted when the rating opens, is settled NOT_RATED; back to OFFICIAL afterwards, they are still
    // not rated in the cycle: four eligible, a small group. MZ-B's five all eligible: its share, a fifth of four GOOD, is none.
    const imported = async (exempted: string[]) =>
      expect(
        (
          await api.as(DEMO.admin).request<any>(IMPORT_DATASET, {
            dataset: { version: 1, cycles: CYCLES, ...organizationWithBranches('MZ', ['MZ-A', 'MZ-B'], 5, exempted) },
          })
        ).importDataset.userErrors,
      ).toEqual([]);
    await imported(['MZ-A-M5']);
    expect((await w().open('MZ-A-BT', 'PARTY_MEMBER', 'MZ-A-M5')).stage).toBe('NOT_RATED');
    await imported([]);
    expect(ok((await fourDecided('MZ-A', 'EXCELLENT')).answer).decidedLevel).toBe('EXCELLENT');
    expect((await fourDecided('MZ-B', 'EXCELLENT')).answer.userErrors).toMatchObject([{ code: 'QUOTA_EXCEEDED' }]);
  });
});

describe('quota scopes after a merger (DOMAIN §15.1)', () => {
  it('joins the ended body’s scope into its successor’s, recomputed, and flags the EXCELLENT results it leaves over the share', async () => {
    const [a, b] = [(await decidedBranch('MQ-A'))[3], (await decidedBranch('MQ-B'))[3]];
    // The what-if of MQ-A's one EXCELLENT, planned again as EXCELLENT: the rating is left out of its scope's count (one
    // EXCELLENT, the small group's one), where a count that kept it would see two and refuse.
    const SIM = `query($plan: [PlannedDecisionInput!]!) { simulateDecisions(cycle: "${CYCLE}", plan: $plan) { allowed findings { rule figures } } }`;
    const again = await api.as('MQ-A-BT').request<any>(SIM, { plan: [{ rating: a, level: 'EXCELLENT' }] });
    expect(again.simulateDecisions).toEqual([{ allowed: true, findings: [] }]);
    const merged = await api.as(DEMO.admin).request<any>(MERGE, {
      i: { units: ['MQ-A'], into: 'MQ-B', effectiveOn: '2026-11-25', decisionRef: '12-QĐ/ĐU' },
    });
    expect(merged.mergeUnits).toEqual({
      quotaScopes: [
        {
          cycle: CYCLE,
          authority: 'MQ-B-TC',
          subjectKind: 'PARTY_MEMBER',
          figures: { eligible: 8, good: 8, excellent: 2, maxExcellent: 1, breached: true },
          flagged: 2,
        },
      ],
      userErrors: [],
    });
    for (const id of [a, b]) {
      const { node } = await api.as(DEMO.admin).request<any>(FLAGGED, { id });
      expect(node.decidedLevel).toBe('EXCELLENT');
      expect(node.flaggedReason).toContain('joined this scope into MQ-B-TC');
    }
    // The successor decides no more EXCELLENT while the joined scope is over its share.
    const QUOTA = `query { quota(cycle: "${CYCLE}", authority: "MQ-B-TC", subjectKind: PARTY_MEMBER) { figures { excellent maxExcellent remaining } } }`;
    expect((await api.as(DEMO.admin).request<any>(QUOTA)).quota.figures).toEqual({ excellent: 2, maxExcellent: 1, remaining: 0 });
  });

  it('counts a re-rating of a result the ended body decided in the joined scope', async () => {
    // MR-A's four all GOOD, MR-B's with its small group's EXCELLENT; the joined eight allow one, which MR-B has.
    const [a] = await decidedBranch('MR-A', 'GOOD');
    await decidedBranch('MR-B');
    const merged = await api.as(DEMO.admin).request<any>(MERGE, {
      i: { units: ['MR-A'], into: 'MR-B', effectiveOn: '2026-11-25', decisionRef: '13-QĐ/ĐU' },
    });
    expect(merged.mergeUnits.userErrors).toEqual([]);
    // The organization's committee raises one of MR-A's results: within MR-A's own four it would be their one
    // EXCELLENT, in the joined scope it is a second.
    const raised = await api
      .as('MR-BT')
      .request<any>(`mutation($i: ReRateInput!) { reRate(input: $i) { rating { decidedLevel } userErrors { code rule figures } } }`, {
        i: {
          rating: a,
          level: 'EXCELLENT',
          reason: 'Đánh giá lại theo kết luận kiểm tra',
          ballots: unanimous('EXCELLENT', 1),
          // Moved by the merger after ten months in MR-A: its comment goes with the result (004 §II.7.13).
          facts: { previousOrganization: { name: 'Chi bộ MR-A', months: 10, comment: 'Hoàn thành xuất sắc nhiệm vụ' } },
        },
      });
    expect(raised.reRate.rating).toBeNull();
    expect(raised.reRate.userErrors).toMatchObject([{ code: 'QUOTA_EXCEEDED', figures: { excellent: 2, maxExcellent: 1 } }]);
  });
});
