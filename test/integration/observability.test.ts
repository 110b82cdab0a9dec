import { gql } from 'graphql-request';
import { TestApi, config, metricOf, postRaw, startTestApi } from '../support/api';
import { signDevToken } from '../../src/auth/tokens';
import { forgetKept } from '../../src/db/kept-across-requests';
import { Workflow, plainMembers } from '../support/workflow';

let api: TestApi;
/** The access log lines this file's server writes, kept out of the test output. */
const lines: string[] = [];
let spy: jest.SpyInstance;
beforeAll(async () => {
  const write = process.stdout.write.bind(process.stdout);
  spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any, ...rest: any[]) => {
    if (typeof chunk === 'string' && chunk.startsWith('{"t":')) {
      lines.push(...chunk.trim().split('\n'));
      return true;
    }
    return write(chunk, ...rest);
  });
  api = await startTestApi({ settings: { accessLog: true } });
});
afterAll(async () => {
  await api.close();
  spy.mockRestore();
});

const auth = (code: string) => ({ authorization: `Bearer ${signDevToken(code, config)}` });

describe('observability', () => {
  it('answers every request with its id: the caller’s x-request-id when it is a short plain token, a new one otherwise', async () => {
    const given = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'proxy-42.a', ...auth('HT-TP-BT') },
      body: JSON.stringify({ query: 'query Viewer { viewer { code } }' }),
    });
    expect(given.headers.get('x-request-id')).toBe('proxy-42.a');
    expect((await given.json()).extensions.requestId).toBe('proxy-42.a');
    const odd = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'x'.repeat(65), ...auth('HT-TP-BT') },
      body: JSON.stringify({ query: '{ viewer { code } }' }),
    });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes one JSON line per request: id, operation, caller, status, time and statements', async () => {
    await postRaw(api.url, JSON.stringify({ query: 'query MyScope { viewer { code } }' }), {
      ...auth('HT-TP-NH-BT'),
      'x-request-id': 'log-test-1',
    });
    await postRaw(api.url, JSON.stringify({ query: '{ viewer { code } }' }), {
      authorization: 'Bearer not-a-token',
      'x-request-id': 'log-test-2',
    });
    // The lines of a turn of the event loop are written together, at its end.
    await new Promise((resolve) => setImmediate(resolve));
    const byId = (id: string) => lines.map((l) => JSON.parse(l)).find((x) => x.requestId === id);
    expect(byId('log-test-1')).toMatchObject({
      method: 'POST',
      path: '/graphql',
      operation: 'MyScope',
      caller: 'HT-TP-NH-BT',
      status: 200,
      code: null,
      statements: expect.any(Number),
    });
    expect(byId('log-test-1').ms).toBeGreaterThan(0);
    expect(byId('log-test-2')).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', caller: null });
  });

  it('serves Prometheus metrics: requests by operation and outcome, latency, refusals by code and rule, the pool', async () => {
    const w = new Workflow(api, '2024');
    const [m] = await plainMembers(api, 'HT-TP-BH', 1);
    const r = await w.open(m, 'PARTY_MEMBER', m);
    const refused = await w.decide('HT-TP-BH-BT', r.id, 'GOOD');
    const { code, rule } = refused.userErrors[0];
    await api.as('HT-TP-BT').request(gql`
      query Viewer {
        viewer {
          code
        }
      }
    `);
    const text = await (await fetch(api.url.replace('/graphql', '/metrics'))).text();
    expect(text).toMatch(/rating_api_requests_total\{operation="Viewer",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/rating_api_request_duration_seconds_bucket\{le="0.05",operation="Viewer"\} [1-9]/);
    expect(text).toContain(`rating_api_refusals_total{code="${code}",rule="${rule ?? 'none'}"} 1`);
    expect(text).toMatch(/rating_api_pool_connections\{state="total"\} [1-9]/);
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('counts the times the values kept across requests were forgotten', async () => {
    const forgotten = () => metricOf(api, 'rating_api_kept_values_forgotten');
    const before = await forgotten();
    // Its bus forgot once when it started listening.
    expect(before).toBeGreaterThanOrEqual(1);
    forgetKept();
    expect(await forgotten()).toBeGreaterThanOrEqual(before + 1);
  });

  it('keeps the pool’s connections open while they sit idle for API_POOL_IDLE_MS, and closes them after', async () => {
    const connections = (server: TestApi) => metricOf(server, 'rating_api_pool_connections{state="total"}');
    const ask = (server: TestApi) => server.as('HT-TP-BT').request('{ viewer { code } }');
    const brief = await startTestApi({ settings: { apiPoolIdleMs: 200 } });
    try {
      await Promise.all([ask(api), ask(brief)]);
      expect(await connections(api)).toBeGreaterThan(0);
      expect(await connections(brief)).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // The default keeps them (10 minutes); the brief setting has closed them.
      expect(await connections(api)).toBeGreaterThan(0);
      expect(await connections(brief)).toBe(0);
    } finally {
      await brief.close();
    }
  });
});
