import path from 'node:path';
import { gql } from 'graphql-request';
import { createDataSource } from '../../src/db/data-source';
import { readDatasetFile } from '../../src/dataset/read-file';
import { importDataset } from '../../src/services/dataset-import';
import { TestApi, postRaw, startTestApi, config } from '../support/api';
import { signDevToken } from '../../src/auth/tokens';
import { Workflow } from '../support/workflow';
import { dbIdOf } from '../support/ids';

/**
 * PostgreSQL restarting under load: requests fail cleanly with SERVICE_UNAVAILABLE during the
 * outage and succeed after; nothing is half-written and the audit chain stays intact.
 * Runs against a PostgreSQL of its own that global setup starts and lets this test stop and start.
 */
const control = (action: 'stop' | 'start') => fetch(`${process.env.FAULT_CONTROL_URL}/${action}`, { method: 'POST' }).then((r) => r.text());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let api: TestApi;

beforeAll(async () => {
  const url = process.env.FAULT_DATABASE_URL as string;
  const db = createDataSource(url);
  await db.initialize();
  await db.runMigrations({ transaction: 'all' });
  const outcome = await importDataset(db, readDatasetFile(path.join(__dirname, '../../docs/examples/dataset.yaml')));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  await db.destroy();
  api = await startTestApi({ databaseUrl: url });
});
afterAll(async () => {
  await api.close();
});

describe('PostgreSQL restarting under load', () => {
  it('answers SERVICE_UNAVAILABLE during the outage, recovers after, and loses nothing', async () => {
    const w = new Workflow(api, 'MAU-2025');
    const rating = await w.open('MAU-P002', 'PARTY_MEMBER', 'MAU-P002');
    const query = JSON.stringify({ query: '{ unit(code: "MAU-XA") { name memberCount } }' });
    const auth = { authorization: `Bearer ${signDevToken('MAU-ADMIN', config)}` };
    expect((await postRaw(api.url, query, auth)).json.data.unit.memberCount).toBe(2);

    const outcomes: { phase: string; status: number; code: string | null }[] = [];
    let phase = 'before';
    let running = true;
    const load = Array.from({ length: 4 }, async () => {
      while (running) {
        const res = await postRaw(api.url, query, auth).catch(() => ({ status: 0, json: null }));
        outcomes.push({ phase, status: res.status, code: res.json?.errors?.[0]?.extensions?.code ?? null });
        await sleep(20);
      }
    });
    await sleep(300);
    phase = 'outage';
    await control('stop');
    await sleep(800);
    const duringOutage = await w
      .selfAssess('MAU-P002', rating.id, {
        criteria: [
          { id: 'P1', points: 28 },
          { id: 'P2', points: 65 },
        ],
        selfLevel: 'EXCELLENT',
      })
      .catch((e: any) => e.response);
    const health = await fetch(api.url.replace(/graphql$/, 'healthz'));
    phase = 'restart';
    await control('start');
    for (let i = 0; i < 100 && (await fetch(api.url.replace(/graphql$/, 'healthz'))).status !== 200; i++) await sleep(100);
    phase = 'after';
    await sleep(500);
    running = false;
    await Promise.all(load);

    expect(health.status).toBe(503);
    const failures = outcomes.filter((o) => o.code !== null || o.status !== 200);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.filter((o) => o.code !== 'SERVICE_UNAVAILABLE')).toEqual([]);
    // Every answer that met the outage says so in its HTTP status too: clients and proxies retry on 503.
    expect(failures.filter((o) => o.status !== 0).every((o) => o.status === 503)).toBe(true);
    expect(outcomes.filter((o) => o.phase === 'before').every((o) => o.status === 200 && o.code === null)).toBe(true);
    expect(outcomes.filter((o) => o.phase === 'after').length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.phase === 'after').every((o) => o.status === 200 && o.code === null)).toBe(true);
    expect(JSON.stringify(duringOutage)).toContain('SERVICE_UNAVAILABLE');

    // Nothing half-written: the rating is where it was, and the chain verifies.
    const [row] = await api.db.query(`SELECT stage, version FROM rating WHERE id = $1`, [dbIdOf(rating.id)]);
    expect(row).toEqual({ stage: 'OPEN', version: rating.version });
    const chain = await api.as('MAU-ADMIN').request<any>(gql`
      {
        verifyAuditChain {
          valid
          checked
        }
      }
    `);
    expect(chain.verifyAuditChain).toMatchObject({ valid: true });
    expect(
      (
        await w.selfAssess('MAU-P002', rating.id, {
          criteria: [
            { id: 'P1', points: 28 },
            { id: 'P2', points: 65 },
          ],
          selfLevel: 'GOOD',
        })
      ).userErrors,
    ).toEqual([]);
  }, 60000);
});
