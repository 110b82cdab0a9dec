import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { signDevToken } from '../../src/auth/tokens';
import { DEMO } from '../../src/demo/demo-dataset';
import { sha256 } from '../../src/http/trusted-documents';
import { TestApi, config, postRaw, startTestApi } from '../support/api';

const VIEWER = 'query Viewer { viewer { code } }';
const STAGES = 'subscription Stages { ratingStageChanged(cycle: "2024") { rating stage } }';
let api: TestApi;
beforeAll(async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trusted-')), 'manifest.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [
        { id: sha256(VIEWER), name: 'Viewer', type: 'query', body: VIEWER },
        { id: sha256(STAGES), name: 'Stages', type: 'subscription', body: STAGES },
      ],
    }),
  );
  api = await startTestApi({ settings: { trustedDocuments: file } });
});
afterAll(async () => {
  await api.close();
});

const headers = { authorization: `Bearer ${signDevToken(DEMO.wardSecretary, config)}` };

describe('trusted documents (a persisted-operations manifest)', () => {
  it('runs a registered operation named by its hash or sent whole, and refuses any other document with a clear code', async () => {
    const byHash = await postRaw(
      api.url,
      JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(VIEWER) } } }),
      headers,
    );
    expect(byHash).toEqual({ status: 200, json: expect.objectContaining({ data: { viewer: { code: DEMO.wardSecretary } } }) });
    const whole = await postRaw(api.url, JSON.stringify({ query: VIEWER }), headers);
    expect(whole.json.data).toEqual({ viewer: { code: DEMO.wardSecretary } });
    const other = await postRaw(api.url, JSON.stringify({ query: '{ viewer { code isAdmin } }' }), headers);
    expect(other).toEqual({ status: 400, json: { errors: [expect.objectContaining({ extensions: { code: 'OPERATION_NOT_TRUSTED' } })] } });
    const unknownHash = await postRaw(
      api.url,
      JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ cycles { code } }') } } }),
      headers,
    );
    expect(unknownHash.json.errors[0].extensions.code).toBe('OPERATION_NOT_TRUSTED');
    const get = await fetch(`${api.url}?query=${encodeURIComponent('{ cycles { code } }')}`, {
      headers: { ...headers, 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(400);
    // A GET naming a registered operation by its hash runs it, its other parameters kept.
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(VIEWER) } });
    const getByHash = await fetch(`${api.url}?operationName=Viewer&extensions=${encodeURIComponent(extensions)}`, {
      headers: { ...headers, 'apollo-require-preflight': 'true' },
    });
    expect({ status: getByHash.status, json: await getByHash.json() }).toEqual({
      status: 200,
      json: expect.objectContaining({ data: { viewer: { code: DEMO.wardSecretary } } }),
    });
  });

  it('applies to subscriptions too', async () => {
    const client = createClient({
      url: api.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: headers,
    });
    const refused = await new Promise<any>((resolve) => {
      client.subscribe(
        { query: 'subscription { ratingStageChanged(cycle: "2023") { rating } }' },
        { next: () => undefined, error: resolve, complete: () => resolve(null) },
      );
    });
    expect(refused[0]).toMatchObject({ extensions: { code: 'OPERATION_NOT_TRUSTED' } });
    const before = api.server.subscribers();
    const stop = client.subscribe({ query: STAGES }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    const deadline = Date.now() + 5000;
    while (api.server.subscribers() === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(api.server.subscribers()).toBe(before + 1);
    stop();
    await client.dispose();
  });
});
