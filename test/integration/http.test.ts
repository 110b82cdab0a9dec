import net from 'node:net';
import { DEMO } from '../../src/demo/demo-dataset';
import { signDevToken } from '../../src/auth/tokens';
import { TestApi, config, postRaw, startTestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const base = () => api.url.replace(/\/graphql$/, '');

describe('HTTP front', () => {
  it('reports database reachability at /healthz', async () => {
    const res = await fetch(`${base()}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('serves GraphiQL to browsers from its own files, with no CDN', async () => {
    const page = await fetch(api.url, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('GraphiQL.createFetcher');
    const scripts = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.every((s) => s.startsWith('/graphiql/'))).toBe(true);
    for (const s of scripts) {
      const asset = await fetch(`${base()}${s}`);
      expect(asset.status).toBe(200);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  it('opens subscriptions from GraphiQL over graphql-ws, with the token of its Headers tab', async () => {
    const html = await (await fetch(api.url, { headers: { accept: 'text/html' } })).text();
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
    // The page's own script, run with the browser's globals stubbed: what it gives graphql-ws and GraphiQL.
    let client: any = null;
    let fetcher: any = null;
    const stored: Record<string, string> = { 'graphiql:headers': JSON.stringify({ Authorization: 'Bearer abc.def.ghi' }) };
    new Function('graphqlWs', 'GraphiQL', 'React', 'ReactDOM', 'location', 'localStorage', 'document', inline)(
      { createClient: (o: unknown) => (client = o) },
      { createFetcher: (o: unknown) => (fetcher = o) },
      { createElement: () => null },
      { createRoot: () => ({ render: () => undefined }) },
      { origin: 'https://rating.example.vn' },
      { getItem: (k: string) => stored[k] ?? null },
      { getElementById: () => null },
    );
    expect(client).toMatchObject({ url: 'wss://rating.example.vn/graphql', lazy: true });
    expect(client.connectionParams()).toEqual({ authorization: 'Bearer abc.def.ghi' });
    expect(fetcher).toMatchObject({ url: 'https://rating.example.vn/graphql', wsClient: client });
  });

  it('answers malformed JSON with 400 and an oversized body with 413', async () => {
    const bad = await postRaw(api.url, '{"query": ');
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const huge = await postRaw(api.url, JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(config.bodyLimitBytes) }));
    expect(huge.status).toBe(413);
    expect(huge.json.errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: config.bodyLimitBytes });
  });

  it('answers a request target that is no URL with 400, and keeps serving', async () => {
    // Node's parser lets `http://[` through as the target; reading it as a URL throws.
    const answer = await new Promise<string>((resolve, reject) => {
      const { port } = new URL(api.url);
      const socket = net.connect(Number(port), '127.0.0.1', () =>
        socket.write('GET http://[ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'),
      );
      socket.setTimeout(5000, () => socket.destroy());
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"code":"BAD_REQUEST"');
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
  });

  it('keeps CSRF prevention on: a GET query without a preflight header is refused', async () => {
    const token = signDevToken(DEMO.admin, config);
    const res = await fetch(`${api.url}?query=${encodeURIComponent('{ cycles { code } }')}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(400);
    const ok = await fetch(`${api.url}?query=${encodeURIComponent('{ cycles { code } }')}`, {
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(ok.status).toBe(200);
  });

  it('refuses unknown fields and wrong argument types with the GraphQL validation code', async () => {
    const token = signDevToken(DEMO.admin, config);
    const res = await postRaw(api.url, JSON.stringify({ query: '{ units(first: "ten") { totalCount } }' }), {
      authorization: `Bearer ${token}`,
    });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' });
    expect(res.json.errors[0].locations).toBeDefined();
  });
});
