import { gql } from 'graphql-request';
import jwt from 'jsonwebtoken';
import { DEMO } from '../../src/demo/demo-dataset';
import { TestApi, config, errorCodes, postRaw, startTestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('authentication', () => {
  it('refuses data without a token, with UNAUTHENTICATED and HTTP 401', async () => {
    const res = await postRaw(api.url, JSON.stringify({ query: '{ unit(code: "HT") { name } }' }));
    expect(res.status).toBe(401);
    expect(res.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(res.json.data).toBeUndefined();
  });

  it('lets anonymous clients read the schema (introspection) but nothing else', async () => {
    const res = await postRaw(api.url, JSON.stringify({ query: '{ __schema { queryType { name } } }' }));
    expect(res.status).toBe(200);
    expect(res.json.data.__schema.queryType.name).toBe('Query');
    const mixed = await postRaw(api.url, JSON.stringify({ query: '{ __typename cycles { code } }' }));
    expect(mixed.status).toBe(401);
  });

  it.each([
    ['malformed', 'not-a-jwt'],
    ['expired', jwt.sign({ sub: DEMO.admin, exp: Math.floor(Date.now() / 1000) - 60 }, config.jwtSecret, { algorithm: 'HS256' })],
    ['signed with another secret', jwt.sign({ sub: DEMO.admin }, 'other-secret', { algorithm: 'HS256' })],
    ['without sub', jwt.sign({ name: 'x' }, config.jwtSecret, { algorithm: 'HS256' })],
    ['unsigned (alg none)', jwt.sign({ sub: DEMO.admin }, '', { algorithm: 'none' })],
    ['for an unknown person', jwt.sign({ sub: 'NOBODY' }, config.jwtSecret, { algorithm: 'HS256' })],
  ])('rejects a %s token', async (_label, token) => {
    const res = await postRaw(api.url, JSON.stringify({ query: '{ __typename }' }), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(res.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(res.json.data).toBeUndefined();
  });
});

describe('the tree', () => {
  it('walks from the province down, with ancestors and children', async () => {
    const data = await api.as(DEMO.admin).request<any>(gql`
      {
        rootUnits {
          code
          kind
          depth
          tier
        }
        unit(code: "HT-TP-NH-CB01") {
          kind
          tier
          depth
          ancestors {
            code
          }
          parent {
            code
          }
        }
        city: unit(code: "HT-TP") {
          children(first: 100) {
            totalCount
            nodes {
              code
              kind
            }
          }
          childCount
        }
      }
    `);
    expect(data.rootUnits).toContainEqual({ code: 'HT', kind: 'PROVINCE', depth: 0, tier: 'PROVINCE' });
    expect(data.unit).toEqual({
      kind: 'PARTY_BRANCH',
      tier: 'BRANCH',
      depth: 3,
      ancestors: [{ code: 'HT' }, { code: 'HT-TP' }, { code: 'HT-TP-NH' }],
      parent: { code: 'HT-TP-NH' },
    });
    expect(data.city.children.totalCount).toBe(data.city.childCount);
    expect(data.city.children.nodes.map((n: any) => n.code)).toContain('HT-TP-NH');
  });

  it('holds the two-level shape: a commune directly under the province', async () => {
    const data = await api.as(DEMO.admin).request<any>(gql`{ unit(code: "${DEMO.twoLevelCommune}") { kind depth parent { code kind } } }`);
    expect(data.unit).toEqual({ kind: 'COMMUNE', depth: 1, parent: { code: 'HT', kind: 'PROVINCE' } });
  });

  it('pages with cursors: pages are disjoint, ordered, and cover the whole subtree', async () => {
    const client = api.as(DEMO.admin);
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let i = 0; i < 20; i++) {
      const data: any = await client.request(
        gql`query($after: String) { units(first: 7, within: "${await globalIdOf('HT-TP-NH')}", after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { code } } }`,
        { after },
      );
      total = data.units.totalCount;
      seen.push(...data.units.nodes.map((n: any) => n.code));
      if (!data.units.pageInfo.hasNextPage) break;
      after = data.units.pageInfo.endCursor;
    }
    const [{ n }] = await api.db.query(
      `SELECT count(*)::int AS n FROM unit u, unit w WHERE w.code = 'HT-TP-NH' AND u.path LIKE w.path || '%' AND u.id <> w.id`,
    );
    expect(total).toBe(n);
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
    expect([...seen].sort()).toEqual(seen);
  });

  it('searches units by part of the name with or without its diacritics, or by exact code', async () => {
    const within = await globalIdOf('HT-TP');
    const searched = async (search: string): Promise<string[]> =>
      (
        await api.as(DEMO.admin).request<any>(
          gql`
            query ($s: String, $w: ID) {
              units(first: 100, within: $w, search: $s) {
                nodes {
                  code
                  name
                }
              }
            }
          `,
          { s: search, w: within },
        )
      ).units.nodes.map((n: any) => n.code);
    const namHa = await searched('nam ha');
    expect(namHa).toEqual(expect.arrayContaining(['HT-TP-NH', 'HT-TP-THNH', 'HT-TP-THNH-CB']));
    expect(await searched('NAM HA')).toEqual(namHa);
    expect(await searched('Nam Hà')).toEqual(namHa);
    expect(await searched('Năm Hà')).toEqual([]);
    expect(await searched('bac ha')).toContain('HT-TP-BH');
    expect(await searched('HT-TP-NH')).toEqual(['HT-TP-NH']);
    expect(await searched('n_m ha')).toEqual([]);
  });

  it('pages backwards with last and before: the pages read forwards, from the end', async () => {
    const client = api.as(DEMO.admin);
    const within = await globalIdOf('HT-TP-NH');
    const PAGE = gql`query($first: Int, $after: String, $last: Int, $before: String) { units(within: "${within}", first: $first, after: $after, last: $last, before: $before) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { code } } }`;
    const forwards: any = (await client.request<any>(PAGE, { first: 100 })).units;
    const all = forwards.nodes.map((n: any) => n.code);
    const tail: any = (await client.request<any>(PAGE, { last: 4 })).units;
    expect(tail.nodes.map((n: any) => n.code)).toEqual(all.slice(-4));
    expect(tail.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before: any = (await client.request<any>(PAGE, { last: 4, before: tail.pageInfo.startCursor })).units;
    expect(before.nodes.map((n: any) => n.code)).toEqual(all.slice(-8, -4));
    expect(before.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    // Forwards again from the page found backwards: the next rows are the last page's.
    const next: any = (await client.request<any>(PAGE, { first: 4, after: before.pageInfo.endCursor })).units;
    expect(next.nodes.map((n: any) => n.code)).toEqual(all.slice(-4));
    const bads: Record<string, unknown>[] = [
      {},
      { first: 2, last: 2 },
      { first: 2, before: tail.pageInfo.startCursor },
      { last: 0 },
      { last: 2, before: 'garbage' },
    ];
    for (const bad of bads) {
      expect(errorCodes(await client.request(PAGE, bad).catch((x) => x))).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('refuses a page larger than 100 or a forged cursor, with the figures', async () => {
    const client = api.as(DEMO.admin);
    await expect(
      client.request(gql`
        {
          units(first: 101) {
            totalCount
          }
        }
      `),
    ).rejects.toMatchObject({
      response: {
        errors: [
          expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', figures: { first: 101, max: 100 } }) }),
        ],
      },
    });
    const e = await client
      .request(gql`
        {
          units(first: 5, after: "garbage") {
            totalCount
          }
        }
      `)
      .catch((x) => x);
    expect(errorCodes(e)).toEqual(['BAD_USER_INPUT']);
  });

  it('resolves any object by its global id with node()', async () => {
    const client = api.as(DEMO.admin);
    const data = await client.request<any>(gql`
      {
        unit(code: "HT-CL") {
          id
          bodies {
            id
            code
          }
        }
        cycle(code: "2024") {
          id
        }
      }
    `);
    const ids = [data.unit.id, data.unit.bodies[0].id, data.cycle.id];
    const nodes = await client.request<any>(
      gql`
        query ($ids: [ID!]!) {
          nodes(ids: $ids) {
            __typename
            id
            ... on Unit {
              code
            }
            ... on Body {
              code
            }
            ... on Cycle {
              code
            }
          }
        }
      `,
      { ids },
    );
    expect(nodes.nodes.map((n: any) => [n.__typename, n.code])).toEqual([
      ['Unit', 'HT-CL'],
      ['Body', data.unit.bodies[0].code],
      ['Cycle', '2024'],
    ]);
    const none = await client.request<any>(gql`
      {
        node(id: "bm90LWFuLWlk") {
          id
        }
      }
    `);
    expect(none.node).toBeNull();
  });

  it('lists cycles with their rule pack, deadlines and delegation matrix with source clauses', async () => {
    const data = await api.as(DEMO.admin).request<any>(gql`
      {
        cycle(code: "2024") {
          year
          rulePack
          referenceDate
          locality {
            code
          }
          deadlines {
            tier
            task
            dueOn
            source
          }
          delegations(first: 100) {
            totalCount
            nodes {
              code
              power
              subjectKind
              source
              delegator {
                code
              }
              delegate {
                code
              }
              consult {
                code
              }
            }
          }
        }
      }
    `);
    expect(data.cycle).toMatchObject({ year: 2024, rulePack: 'QD124-2024', referenceDate: '2024-12-01', locality: { code: 'HT-TP' } });
    expect(data.cycle.deadlines).toContainEqual({
      tier: 'PROVINCE',
      task: 'DELEGATED_RATINGS_REPORTED',
      dueOn: '2025-01-15',
      source: '001 §VI.2',
    });
    const hdndChair = data.cycle.delegations.nodes.find((d: any) => d.code === '2024/HT-CL/province-delegated-hdnd-chair');
    expect(hdndChair).toEqual({
      code: '2024/HT-CL/province-delegated-hdnd-chair',
      power: 'DECIDE',
      subjectKind: 'LEADER',
      source: '003 §II.5.2',
      delegator: { code: 'HT-BTV' },
      delegate: { code: 'HT-CL-BTV' },
      consult: [{ code: 'HT-DDHDND' }],
    });
  });
});

async function globalIdOf(code: string): Promise<string> {
  const data = await api.as(DEMO.admin).request<any>(gql`{ unit(code: "${code}") { id } }`);
  return data.unit.id;
}
