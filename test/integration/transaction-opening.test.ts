import { Pool, PoolClient } from 'pg';
import { openingWithFirstStatement } from '../../src/db/transaction-opening';

let pool: Pool;
let client: PoolClient;
let query: ReturnType<typeof openingWithFirstStatement>;
let roundTrips = 0;

beforeAll(async () => {
  pool = new Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 1 });
  client = await pool.connect();
  (client as unknown as { connection: NodeJS.EventEmitter }).connection.on('readyForQuery', () => roundTrips++);
  query = openingWithFirstStatement(client);
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
