import { Pool, PoolClient } from 'pg';
import { answeredWithNext, sendingWithNext, withNext } from '../../src/db/sent-with-next';

let pool: Pool;
let client: PoolClient;
let query: ReturnType<typeof sendingWithNext>;
let roundTrips = 0;

beforeAll(async () => {
  pool = new Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 1 });
  client = await pool.connect();
  (client as unknown as { connection: NodeJS.EventEmitter }).connection.on('readyForQuery', () => roundTrips++);
  query = sendingWithNext(client);
  await client.query('CREATE TEMP TABLE opened (x int)');
});

afterAll(async () => {
  client.release();
  await pool.end();
});

/** The rows of `opened`, read past the wrapper, and the round trips `run` took. */
async function trips(run: () => Promise<unknown>): Promise<number> {
  const before = roundTrips;
  await run();
  return roundTrips - before;
}
/** Opens a transaction and runs its first statement. */
const opened = async (...statement: Parameters<typeof query>) => {
  await query('START TRANSACTION');
  return query(...statement);
};
const kept = async () => (await client.query<{ x: number }>('SELECT x FROM opened ORDER BY x')).rows.map((r) => r.x);

describe('a transaction opened with its first statement', () => {
  beforeEach(() => client.query('TRUNCATE opened'));

  it('opens with a plain statement in one round trip: what it wrote is undone by the rollback', async () => {
    expect(await trips(() => opened('INSERT INTO opened VALUES (1)'))).toBe(1);
    expect(await trips(() => query('ROLLBACK'))).toBe(1);
    expect(await kept()).toEqual([]);
  });

  it('opens with a prepared statement in one round trip, and answers its rows, not the opening', async () => {
    // Parsed once on this connection, outside any transaction.
    await query({ name: 'opened_insert', text: 'INSERT INTO opened VALUES ($1) RETURNING x', values: [0] });
    await client.query('TRUNCATE opened');
    let result: unknown;
    const insert = { name: 'opened_insert', text: 'INSERT INTO opened VALUES ($1) RETURNING x', values: [2] };
    expect(await trips(async () => (result = await opened(insert)))).toBe(1);
    expect(result).toMatchObject({ command: 'INSERT', rows: [{ x: 2 }] });
    const read = (await query({ text: 'SELECT count(*)::int AS n FROM opened WHERE x = $1', values: [2] })) as { rows: unknown[] };
    expect(read.rows).toEqual([{ n: 1 }]);
    await query('ROLLBACK');
    expect(await kept()).toEqual([]);
    await query('START TRANSACTION');
    await query({ name: 'opened_insert', text: 'INSERT INTO opened VALUES ($1) RETURNING x', values: [3] });
    await query('COMMIT');
    expect(await kept()).toEqual([3]);
  });

  it('sends a named statement not yet parsed after an opening of its own, and parses it once', async () => {
    const first = { name: 'opened_first', text: 'INSERT INTO opened VALUES ($1)', values: [4] };
    expect(await trips(() => opened(first))).toBe(2);
    await query('ROLLBACK');
    expect(await kept()).toEqual([]);
    expect(await trips(() => opened({ ...first, values: [5] }))).toBe(1);
    await query('COMMIT');
    expect(await kept()).toEqual([5]);
  });

  it('sends nothing for a transaction ended before any statement', async () => {
    expect(await trips(() => query('START TRANSACTION').then(() => query('COMMIT')))).toBe(0);
    expect(await trips(() => query('START TRANSACTION').then(() => query('ROLLBACK')))).toBe(0);
    // Nothing left open: the next statement commits on its own.
    await query('INSERT INTO opened VALUES (6)');
    expect(await kept()).toEqual([6]);
  });

  it('reports a failing first statement as its own error and leaves the transaction to be rolled back', async () => {
    await query('START TRANSACTION');
    await expect(query({ text: 'INSERT INTO opened VALUES ($1::int / 0)', values: [7] })).rejects.toThrow('division by zero');
    await expect(query('INSERT INTO opened VALUES (8)')).rejects.toThrow('current transaction is aborted');
    await query('ROLLBACK');
    await query('INSERT INTO opened VALUES (9)');
    expect(await kept()).toEqual([9]);
  });
});

describe('a write held until the next statement', () => {
  const write = (x: number) => withNext({ name: 'held_insert', text: 'INSERT INTO opened VALUES ($1)', values: [x] });
  /** The round trips of a transaction of one held write, ended by `end`. */
  const oneWrite = (x: number, end: 'COMMIT' | 'ROLLBACK') =>
    trips(async () => {
      await query('START TRANSACTION');
      await query(write(x));
      await query(end);
    });

  beforeAll(async () => {
    // Parsed once on this connection, as a pooled connection has parsed its statements.
    await query({ name: 'held_insert', text: 'INSERT INTO opened VALUES ($1)', values: [0] });
  });
  beforeEach(() => client.query('TRUNCATE opened'));

  it('goes with the commit: a transaction of one write and a commit is one round trip', async () => {
    expect(await oneWrite(1, 'COMMIT')).toBe(1);
    expect(await kept()).toEqual([1]);
  });

  it('goes before a read of the same transaction, which sees it, and is undone by a rollback', async () => {
    await opened('SELECT 1');
    expect(await trips(() => query(write(2)))).toBe(0);
    let seen: unknown;
    expect(await trips(async () => (seen = await query({ text: 'SELECT array_agg(x) AS xs FROM opened', values: [] })))).toBe(1);
    expect(seen).toMatchObject({ rows: [{ xs: [2] }] });
    await query(write(3));
    expect(await trips(() => query('ROLLBACK'))).toBe(1);
    expect(await kept()).toEqual([]);
  });

  it('fails the commit when it fails, and nothing of the transaction is kept', async () => {
    await opened('INSERT INTO opened VALUES (4)');
    await query(withNext({ text: 'INSERT INTO opened VALUES ($1::int / 0)', values: [5] }));
    await expect(query('COMMIT')).rejects.toThrow('division by zero');
    await query('ROLLBACK');
    expect(await kept()).toEqual([]);
  });

  it('is dropped with a transaction rolled back before anything was sent', async () => {
    expect(await oneWrite(6, 'ROLLBACK')).toBe(0);
    expect(await kept()).toEqual([]);
  });

  it('goes on its own, before the next statement, when its connection has not parsed it yet', async () => {
    await query('START TRANSACTION');
    await query(withNext({ name: 'held_first', text: 'INSERT INTO opened VALUES ($1)', values: [7] }));
    expect(await trips(() => query('COMMIT'))).toBe(3);
    expect(await kept()).toEqual([7]);
  });
});

describe('a statement held and answered with the next one', () => {
  const insert = (x: number) =>
    answeredWithNext({ name: 'answered_insert', text: 'INSERT INTO opened VALUES ($1) RETURNING x', values: [x] });
  const count = { name: 'answered_count', text: 'SELECT count(*)::int AS n FROM opened WHERE x >= $1', values: [0] };

  beforeAll(async () => {
    // Parsed once on this connection, as a pooled connection has parsed its statements.
    await query({ name: 'answered_insert', text: 'INSERT INTO opened VALUES ($1) RETURNING x', values: [0] });
    await query(count);
  });
  beforeEach(() => client.query('TRUNCATE opened'));

  it('answers its own rows, and the next statement, sent in the same round trip, sees what it wrote', async () => {
    await opened('SELECT 1');
    let answers: unknown[] = [];
    expect(await trips(async () => (answers = await Promise.all([query(insert(1)), query(count)])))).toBe(1);
    expect(answers).toMatchObject([
      { command: 'INSERT', rows: [{ x: 1 }] },
      { command: 'SELECT', rows: [{ n: 1 }] },
    ]);
    await query('COMMIT');
    expect(await kept()).toEqual([1]);
  });

  it('goes with the statement that opens the transaction and the writes held before it, each answered its own', async () => {
    let answers: unknown[] = [];
    const run = async () => {
      await query('START TRANSACTION');
      await query(withNext({ name: 'held_plain', text: 'INSERT INTO opened VALUES ($1)', values: [2] }));
      answers = await Promise.all([query(insert(3)), query(count)]);
    };
    await query({ name: 'held_plain', text: 'INSERT INTO opened VALUES ($1)', values: [0] });
    await client.query('TRUNCATE opened');
    expect(await trips(run)).toBe(1);
    expect(answers).toMatchObject([{ rows: [{ x: 3 }] }, { rows: [{ n: 2 }] }]);
    await query('ROLLBACK');
    expect(await kept()).toEqual([]);
  });

  it('fails with its own error, and so does the next statement, which PostgreSQL skipped', async () => {
    await opened('SELECT 1');
    const failing = answeredWithNext({ text: 'INSERT INTO opened VALUES ($1::int / 0) RETURNING x', values: [4] });
    const [held, next] = await Promise.allSettled([query(failing), query(count)]);
    expect(held).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('division by zero') } });
    expect(next).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('division by zero') } });
    await query('ROLLBACK');
    expect(await kept()).toEqual([]);
  });

  it('is answered, when its connection has not parsed it yet, by a round trip of its own before the next', async () => {
    await opened('SELECT 1');
    const fresh = answeredWithNext({ name: 'answered_fresh', text: 'INSERT INTO opened VALUES ($1) RETURNING x + 1 AS y', values: [5] });
    let answers: unknown[] = [];
    expect(await trips(async () => (answers = await Promise.all([query(fresh), query(count)])))).toBe(2);
    expect(answers).toMatchObject([{ rows: [{ y: 6 }] }, { rows: [{ n: 1 }] }]);
    await query('COMMIT');
    expect(await kept()).toEqual([5]);
  });

  it('fails, unsent, when the transaction is rolled back before the next statement', async () => {
    await opened('SELECT 1');
    const answer = query(insert(7)).catch((e: Error) => e);
    expect(await trips(() => query('ROLLBACK'))).toBe(1);
    expect(await answer).toMatchObject({ message: expect.stringContaining('rolled back before this statement was sent') });
    expect(await kept()).toEqual([]);
  });
});

describe('a read sent as plain text after statements held', () => {
  const setting = (value: 'on' | 'off') =>
    withNext({ name: 'held_setting', text: 'SELECT set_config($1, $2, true)', values: ['enable_sort', value] });
  const sorting = async () =>
    ((await client.query<{ s: string }>(`SELECT current_setting('enable_sort') AS s`)).rows[0] as { s: string }).s;

  it('goes with the opening and a setting held, in one round trip of one simple query, and sees the setting', async () => {
    let seen: unknown;
    const run = async () => {
      await query('START TRANSACTION');
      await query(setting('off'));
      seen = await query(`SELECT current_setting('enable_sort') AS s, (SELECT count(*)::int FROM opened) AS n`);
    };
    expect(await trips(run)).toBe(1);
    expect(seen).toMatchObject({ command: 'SELECT', rows: [{ s: 'off', n: 0 }] });
    // The transaction is open: the setting ends with it.
    await query('ROLLBACK');
    expect(await sorting()).toBe('on');
  });

  it('fails with its own error and leaves the transaction to be rolled back', async () => {
    await query('START TRANSACTION');
    await query(setting('off'));
    await expect(query('SELECT 1 / 0')).rejects.toThrow('division by zero');
    await expect(query('SELECT 1')).rejects.toThrow('current transaction is aborted');
    await query('ROLLBACK');
    expect(await sorting()).toBe('on');
  });
});
