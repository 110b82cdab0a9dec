import fs from 'node:fs';
import { Client } from 'pg';
import { EmbeddedDatabase } from '../../src/db/embedded-postgres';

/** Drops the test database, and stops and removes the embedded server when setup started one. */
export default async function globalTeardown(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  const db = g.__TEST_DB__ as { serverUrl: string; name: string } | undefined;
  const pg = g.__TEST_PG__ as { embedded: EmbeddedDatabase; dir: string } | undefined;
  if (db && !pg) {
    const admin = new Client({ connectionString: db.serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${db.name} WITH (FORCE)`);
    await admin.end();
  }
  const fault = g.__FAULT_PG__ as { pg: EmbeddedDatabase; dir: string; control: { close(): void } } | undefined;
  if (fault) {
    fault.control.close();
    await fault.pg.stop().catch(() => {});
    fs.rmSync(fault.dir, { recursive: true, force: true });
  }
  if (pg) {
    await pg.embedded.stop();
    fs.rmSync(pg.dir, { recursive: true, force: true });
  }
}
