import { DataSource, EntityManager } from 'typeorm';
import { API_ROLE } from '../../migrations/1732000000009-row-level-security';
import { createDataSource } from '../../src/db/data-source';
import { RequestSession } from '../../src/db/request-session';
import { DEMO } from '../../src/demo/demo-dataset';
import { rollBackAndRelease } from '../support/runners';

/**
 * A request's transaction that PostgreSQL rolls back as a deadlock's victim runs again (db/run-again.ts). The
 * deadlock is real: the request and another connection each take one advisory lock, then wait for the other's.
 */
let api: DataSource;
let owner: DataSource;
beforeAll(async () => {
  const url = process.env.TEST_DATABASE_URL as string;
  [api, owner] = [createDataSource(url, { role: API_ROLE, poolSize: 2 }), createDataSource(url, { poolSize: 2 })];
  await Promise.all([api.initialize(), owner.initialize()]);
});
afterAll(async () => {
  await Promise.all([api.destroy(), owner.destroy()]);
});

/** Two advisory lock keys no other test takes. */
const [FIRST, SECOND] = [7_340_001, 7_340_002];
const lock = (em: EntityManager, key: number) => em.query('SELECT pg_advisory_xact_lock($1)', [key]);

async function entered(): Promise<RequestSession> {
  const session = new RequestSession(api, owner, 1000);
  expect(await session.enter(DEMO.admin, new Date().toISOString().slice(0, 10))).not.toBeNull();
  return session;
}

describe("a request's transaction rolled back by PostgreSQL", () => {
  it('runs again when it was a deadlock’s victim, and commits what its second attempt did', async () => {
    const session = await entered();
    const other = owner.createQueryRunner();
    try {
      await other.startTransaction();
      // The other side waits longer before it looks for a deadlock: the request is the one PostgreSQL rolls back.
      await other.query(`SET LOCAL deadlock_timeout = '20s'`);
      await lock(other.manager, SECOND);
      let otherDone: Promise<unknown> | null = null;
      let attempts = 0;
      const outcome = await session.transaction(async (em) => {
        attempts += 1;
        await lock(em, FIRST);
        if (attempts === 1) {
          // The other side now waits for FIRST, which this attempt holds; this attempt then waits for SECOND.
          otherDone = lock(other.manager, FIRST).then(() => other.commitTransaction());
          await new Promise((r) => setTimeout(r, 200));
        }
        await lock(em, SECOND);
        const [{ n }] = await em.query<{ n: number }[]>('SELECT $1::int AS n', [attempts]);
        return n;
      });
      await otherDone;
      expect(attempts).toBe(2);
      expect(outcome).toBe(2);
    } finally {
      await rollBackAndRelease(other);
      await session.end();
    }
  });

  it('does not run again after any other error', async () => {
    const session = await entered();
    let attempts = 0;
    try {
      await expect(
        session.transaction(async (em) => {
          attempts += 1;
          return em.query('SELECT 1 / 0');
        }),
      ).rejects.toMatchObject({ code: '22012' });
      expect(attempts).toBe(1);
    } finally {
      await session.end();
    }
  });
});
