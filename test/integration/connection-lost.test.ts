import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { createDataSource } from '../../src/db/data-source';
import { eventually } from '../support/eventually';

/**
 * A connection lost while held between two statements: pg's pool hears a connection's errors only while it is idle, and
 * an 'error' no one hears ends the process. Held here as the driver hands it out (its query runners add a listener of
 * their own; this is the connection with none, as in the restart fault test's failure).
 */
let db: DataSource;
let admin: DataSource;
beforeAll(async () => {
  [db, admin] = [
    createDataSource(process.env.TEST_DATABASE_URL!, { poolSize: 2 }),
    createDataSource(process.env.TEST_DATABASE_URL!, { poolSize: 1 }),
  ];
  await Promise.all([db.initialize(), admin.initialize()]);
});
afterAll(async () => {
  await Promise.all([db.destroy(), admin.destroy()]);
});

describe('a connection of the pool lost while held', () => {
  it("fails its next statement and is dropped, without an unheard 'error' ending the process", async () => {
    const [client, release] = (await (db.driver as PostgresDriver).obtainMasterConnection()) as [PoolClient, (err?: unknown) => void];
    const { rows } = await client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`);
    const pid = rows[0].pid;
    // The server ends the backend while no statement runs on it: its last message (57P01) reaches a client that is only held.
    await admin.query(`SELECT pg_terminate_backend($1)`, [pid]);
    const gone = await eventually(
      async () => (await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1`, [pid]))[0].n as number,
      (n) => n === 0,
    );
    expect(gone).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    await expect(client.query(`SELECT 1`)).rejects.toThrow();
    release();
    // The pool goes on with a new connection: another backend answers.
    const [{ other }] = await db.query(`SELECT pg_backend_pid() AS other`);
    expect(other).not.toBe(pid);
  });
});
