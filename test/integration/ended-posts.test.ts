import { gql } from 'graphql-request';
import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, startTestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('authority comes only from posts held today', () => {
  it('a token for someone whose post has ended acts with no authority', async () => {
    // A former secretary of Xã Thiên Cầm: same body, post ended last year.
    const IMPORT = gql`
      mutation ($d: JSONObject!) {
        importDataset(input: { dataset: $d }) {
          userErrors {
            message
          }
        }
      }
    `;
    const done = await api.as(DEMO.admin).request<any>(IMPORT, {
      d: {
        version: 1,
        people: [{ code: 'FORMER-BT', fullName: 'Nguyễn Văn Cũ' }],
        posts: [
          {
            code: 'HT-XTC-BT-CU',
            person: 'FORMER-BT',
            unit: 'HT-XTC',
            body: 'HT-XTC-DB',
            title: 'Nguyên Bí thư Đảng ủy xã Thiên Cầm',
            category: 'SECRETARY',
            role: 'HEAD',
            startsOn: '2015-10-01',
            endsOn: '2020-10-01',
          },
        ],
      },
    });
    expect(done.importDataset.userErrors).toEqual([]);
    const Q = gql`
      {
        viewer {
          activePosts {
            code
          }
          readScope {
            code
          }
        }
        myScope(cycle: "2024") {
          kind
          decide
        }
      }
    `;
    const former = await api.as('FORMER-BT').request<any>(Q);
    expect(former.viewer.activePosts).toEqual([]);
    expect(former.myScope.every((k: any) => k.decide === 0)).toBe(true);
    const current = await api.as('HT-XTC-BT').request<any>(Q);
    expect(current.myScope.find((k: any) => k.kind === 'PARTY_MEMBER').decide).toBeGreaterThan(0);
  });
});
