import { gql } from 'graphql-request';
import { GraphQLClient } from 'graphql-request';
import { signDevToken } from '../../src/auth/tokens';
import { TestApi, config, startTestApi } from '../support/api';
import { COLLECTIVE_CRITERIA, Workflow, ok, unanimous } from '../support/workflow';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('Vietnamese labels and messages', () => {
  it('serves the Vietnamese label of every enum value', async () => {
    const { vocabulary } = await api.as('HT-CL-BT').request<any>(gql`
      {
        vocabulary {
          name
          values {
            value
            labelVi
          }
        }
      }
    `);
    const level = vocabulary.find((v: any) => v.name === 'RatingLevel');
    expect(level.values).toContainEqual({ value: 'EXCELLENT', labelVi: 'Hoàn thành xuất sắc nhiệm vụ' });
    expect(vocabulary.find((v: any) => v.name === 'UnitKind').values).toContainEqual({ value: 'PARTY_BRANCH', labelVi: 'Chi bộ' });
  });

  it('answers a rule’s refusal in Vietnamese to Accept-Language: vi, in English otherwise', async () => {
    const w = new Workflow(api, '2023');
    const r = await w.open('HT-CL-XVL-BT', 'LEADERSHIP_COLLECTIVE', 'HT-CL-XVL-BTV-TT');
    ok(await w.selfAssess('HT-CL-XVL-BT', r.id, { criteria: COLLECTIVE_CRITERIA, selfLevel: 'GOOD', ballots: unanimous('GOOD') }));
    const REVIEW = gql`
      mutation ($r: ID!) {
        recordReview(input: { rating: $r, heldOn: "2023-11-20" }) {
          userErrors {
            code
            message
            messageVi
            rule
          }
        }
      }
    `;
    const client = (language?: string) =>
      new GraphQLClient(api.url, {
        headers: { authorization: `Bearer ${signDevToken('HT-CL-XVL-BT', config)}`, ...(language ? { 'accept-language': language } : {}) },
      });
    const vi = (await client('vi-VN,vi;q=0.9,en;q=0.5').request<any>(REVIEW, { r: r.id })).recordReview.userErrors[0];
    expect(vi).toMatchObject({ code: 'DRAFT_REPORT_DATE_MISSING', rule: 'review.draft-report-date' });
    expect(vi.message).toBe(vi.messageVi);
    expect(vi.message).toMatch(/dự thảo báo cáo kiểm điểm/);
    const en = (await client().request<any>(REVIEW, { r: r.id })).recordReview.userErrors[0];
    expect(en.message).toMatch(/draft report/);
  });
});
