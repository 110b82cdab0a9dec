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

const personInUnit = async (unitCode: string) => {
  const [row] = await api.db.query(
    `SELECT p.code FROM membership m JOIN person p ON p.id = m.person_id JOIN unit u ON m.unit_path LIKE u.path || '%' WHERE u.code = $1 ORDER BY p.code LIMIT 1`,
    [unitCode],
  );
  return row.code as string;
};

describe('read scope of people, in SQL', () => {
  it('lets a ward secretary read the people of the ward and not of a neighbouring ward', async () => {
    const client = api.as(DEMO.wardSecretary);
    const own = await personInUnit('HT-TP-NH');
    const other = await personInUnit('HT-TP-BH');
    const data = await client.request<any>(
      gql`
        query ($own: String!, $other: String!) {
          own: person(code: $own) {
            code
            membership {
              branch {
                code
              }
            }
          }
          other: person(code: $other) {
            code
          }
        }
      `,
      { own, other },
    );
    expect(data.own.code).toBe(own);
    expect(data.own.membership.branch.code.startsWith('HT-TP-NH')).toBe(true);
    expect(data.other).toBeNull();
  });

  it('counts members as the SQL of the scope does, and hides them outside it', async () => {
    const client = api.as(DEMO.wardSecretary);
    const data = await client.request<any>(gql`
      {
        own: unit(code: "HT-TP-NH") {
          memberCount
          members(first: 1) {
            totalCount
          }
        }
        other: unit(code: "HT-TP-BH") {
          memberCount
          members(first: 5) {
            totalCount
            nodes {
              id
            }
          }
          posts {
            code
          }
        }
        people(first: 100) {
          totalCount
        }
      }
    `);
    const [{ n }] = await api.db.query(
      `SELECT count(*)::int AS n FROM membership m JOIN unit u ON u.code = 'HT-TP-NH' WHERE m.unit_path LIKE u.path || '%'`,
    );
    expect(data.own.memberCount).toBe(n);
    expect(data.own.members.totalCount).toBe(n);
    expect(data.other).toEqual({ memberCount: 0, members: { totalCount: 0, nodes: [] }, posts: [] });
    // People in scope: members of the ward plus holders of posts there (all of them members here).
    const [{ p }] = await api.db.query(
      `SELECT count(DISTINCT x.person_id)::int AS p FROM (SELECT person_id, unit_path FROM membership UNION ALL SELECT person_id, unit_path FROM post) x
         JOIN unit u ON u.code = 'HT-TP-NH' WHERE x.unit_path LIKE u.path || '%'`,
    );
    expect(data.people.totalCount).toBe(p);
  });

  it('lets the city secretary see every ward of the city but not the district', async () => {
    const client = api.as(DEMO.citySecretary);
    const data = await client.request<any>(gql`
      {
        viewer {
          readScope {
            code
          }
        }
        ward: unit(code: "HT-TP-BH") {
          memberCount
        }
        district: unit(code: "HT-CL") {
          memberCount
        }
      }
    `);
    expect(data.viewer.readScope.map((u: any) => u.code)).toEqual(['HT-TP']);
    expect(data.ward.memberCount).toBeGreaterThan(0);
    expect(data.district.memberCount).toBe(0);
  });

  it('does not reveal a person outside scope through node() either', async () => {
    const [row] = await api.db.query(`SELECT p.id FROM person p WHERE p.code = $1`, [await personInUnit('HT-CL')]);
    const id = Buffer.from(`Person:${row.id}`).toString('base64url');
    const data = await api.as(DEMO.wardSecretary).request<any>(
      gql`
        query ($id: ID!) {
          node(id: $id) {
            id
          }
        }
      `,
      { id },
    );
    expect(data.node).toBeNull();
    const admin = await api.as(DEMO.admin).request<any>(
      gql`
        query ($id: ID!) {
          node(id: $id) {
            id
          }
        }
      `,
      { id },
    );
    expect(admin.node.id).toBe(id);
  });
});
