import { gql } from 'graphql-request';
import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, errorCodes, startTestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const RULES = gql`
  query ($cycle: String!, $unit: String!) {
    rules(cycle: $cycle, unit: $unit) {
      code
      scoringModel
      eligibilityMonths
      quota {
        ratio
        smallGroupThreshold
        smallGroupComparison
        smallGroupRequiresAllGood
        source
        smallGroupSource
      }
      headClause {
        professionalRatedBy
        secretaryClause
        transferredInException
        source
      }
      votes {
        secretBallot
        memberProposalFirst
        proposalRoundQuota
        source
        proposalSource
      }
      templates {
        subjectKind
        form
        criteria {
          id
          result
        }
      }
    }
  }
`;

describe('rules in force, per cycle and locality', () => {
  it('applies the cycle pack: the 2024 head clause replaces the 2023 one (000 §11(4))', async () => {
    const client = api.as(DEMO.citySecretary);
    const r2023 = await client.request<any>(RULES, { cycle: '2023', unit: 'HT-TP-NH' });
    const r2024 = await client.request<any>(RULES, { cycle: '2024', unit: 'HT-TP-NH' });
    expect(r2023.rules.headClause).toEqual({
      professionalRatedBy: 'SUPERIOR_BODY',
      secretaryClause: true,
      transferredInException: true,
      source: '004 §II.5.2.1',
    });
    expect(r2024.rules.headClause).toEqual({
      professionalRatedBy: 'COMPETENT_AUTHORITY',
      secretaryClause: false,
      transferredInException: true,
      source: '000 §11(4)',
    });
    // The district states the head cap without the transferred-in exception (003 §4.4).
    expect((await client.request<any>(RULES, { cycle: '2024', unit: 'HT-CL-XTL' })).rules.headClause.transferredInException).toBe(false);
    expect(r2024.rules.votes).toEqual({
      secretBallot: true,
      memberProposalFirst: true,
      proposalRoundQuota: true,
      source: '001 §V; 004 §II.4.1–4.3',
      proposalSource: '004 §II.4.3; 001 appendix §3; 003 §4.4',
    });
    const member = r2024.rules.templates.find((t: any) => t.subjectKind === 'PARTY_MEMBER');
    expect(member.form).toBe('Mẫu 02');
    expect(member.criteria.filter((c: any) => c.result).map((c: any) => c.id)).toEqual(['I2', 'I4']);
  });

  it("uses the district's own small-group clause in its subtree and the city's elsewhere", async () => {
    const client = api.as(DEMO.admin);
    const city = await client.request<any>(RULES, { cycle: '2024', unit: 'HT-TP-NH' });
    const commune = await client.request<any>(RULES, { cycle: '2024', unit: 'HT-CL-XTL' });
    expect(city.rules.quota).toMatchObject({
      ratio: 0.2,
      smallGroupThreshold: 5,
      smallGroupComparison: '<',
      smallGroupRequiresAllGood: true,
      smallGroupSource: '004 §II.7.17',
    });
    expect(commune.rules.quota).toMatchObject({
      ratio: 0.2,
      smallGroupComparison: '<=',
      smallGroupRequiresAllGood: false,
      smallGroupSource: '003 §4.4',
    });
  });

  it('holds another pack in a subtree where a locality names one, and the parameters set above it stay with the pack they were set for', async () => {
    const client = api.as(DEMO.admin);
    const importRules = (ruleParameters: object[]) =>
      client.request<any>(
        gql`
          mutation ($d: JSONObject!) {
            importDataset(input: { dataset: $d }) {
              counts {
                ruleParameters
              }
              userErrors {
                code
                field
                message
              }
            }
          }
        `,
        { d: { version: 1, ruleParameters } },
      );
    const refused = await importRules([{ cycle: '2025-Q4', unit: 'HT-CL', pack: 'QD999', source: 'KH-01 §1' }]);
    expect(refused.importDataset.userErrors[0]).toMatchObject({
      code: 'IMPORT_INVALID',
      field: ['input', 'dataset', 'ruleParameters[0]', 'pack'],
    });
    const done = await importRules([
      { cycle: '2025-Q4', unit: 'HT', source: 'HD-13/TU §2', set: { 'scoring.excellentMin': 95 } },
      { cycle: '2025-Q4', unit: 'HT-CL', pack: 'QD124-2024', source: 'KH-01 §1', quota: { smallGroupComparison: '<=' } },
    ]);
    expect(done.importDataset.counts.ruleParameters).toBe(2);
    const PACK = gql`
      query ($unit: String!) {
        rules(cycle: "2025-Q4", unit: $unit) {
          code
          quota {
            smallGroupComparison
            smallGroupSource
          }
          parameters {
            path
            value
          }
        }
      }
    `;
    const commune = (await client.request<any>(PACK, { unit: 'HT-CL-XTL' })).rules;
    expect(commune).toMatchObject({ code: 'QD124-2024', quota: { smallGroupComparison: '<=', smallGroupSource: 'KH-01 §1' } });
    expect(commune.parameters.map((x: any) => x.path)).not.toContain('scoring.excellentMin');
    const ward = (await client.request<any>(PACK, { unit: 'HT-TP-NH' })).rules;
    expect(ward.code).toBe('QD366-2025');
    expect(ward.parameters).toContainEqual({ path: 'scoring.excellentMin', value: '95' });
  });

  it('answers what-if quota questions with the figures', async () => {
    const client = api.as(DEMO.admin);
    const Q = gql`
      query ($unit: String!, $eligible: Int!, $levels: [RatingLevel!]!) {
        quotaPreview(cycle: "2024", unit: $unit, eligible: $eligible, levels: $levels) {
          ok
          figures {
            eligible
            good
            excellent
            maxExcellent
            remaining
            smallGroup
          }
          findings {
            rule
            source
            figures
          }
        }
      }
    `;
    const nine = await client.request<any>(Q, {
      unit: 'HT-TP',
      eligible: 12,
      levels: ['EXCELLENT', 'EXCELLENT', ...Array(7).fill('GOOD'), 'COMPLETE'],
    });
    expect(nine.quotaPreview).toMatchObject({
      ok: false,
      figures: { eligible: 12, good: 9, excellent: 2, maxExcellent: 1, remaining: 0, smallGroup: false },
    });
    expect(nine.quotaPreview.findings[0]).toMatchObject({
      rule: 'quota.excellent-share',
      figures: { good: 9, maxExcellent: 1, excellent: 2 },
    });
    // Five leaders, one GOOD: allowed one EXCELLENT under the district's clause, not under the city's.
    const five = ['EXCELLENT', 'GOOD', 'COMPLETE', 'COMPLETE', 'COMPLETE'];
    expect((await client.request<any>(Q, { unit: 'HT-CL', eligible: 5, levels: five })).quotaPreview.ok).toBe(true);
    expect((await client.request<any>(Q, { unit: 'HT-TP', eligible: 5, levels: five })).quotaPreview.ok).toBe(false);
  });

  it('refuses an unknown cycle or unit with BAD_USER_INPUT', async () => {
    const e = await api
      .as(DEMO.admin)
      .request(RULES, { cycle: '1999', unit: 'HT' })
      .catch((x) => x);
    expect(errorCodes(e)).toEqual(['BAD_USER_INPUT']);
  });
});
