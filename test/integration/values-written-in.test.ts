import { Pool } from 'pg';
import { valuesWrittenIn } from '../../src/db/values-written-in';

let pool: Pool;

beforeAll(() => {
  pool = new Pool({ connectionString: process.env.TEST_DATABASE_URL, max: 1 });
});

afterAll(() => pool.end());

describe('a read with its values written in', () => {
  const sql = `SELECT $1::text AS t, $1 = $2 AS same, $3::int + 1 AS n, $4::text[] AS arr, $5::jsonb AS j, $6::date AS d,
      length($7) AS len, 'x' || $8 AS glued, $9::text IS NULL AS absent`;
  const hostile = [`it's \\ "q" $1 ; -- /* $$`, `'; SELECT pg_sleep(5); --`, `\\'; DROP TABLE person; --`, `E'\\x41'`, 'ü\tñ\n\r'];

  it.each(hostile)('answers what the same read answers with parameters: %j', async (value) => {
    const values = [value, value, 5, ['a', value, null, 'd\\e'], { a: value, b: "'" }, '2025-12-01', value, value, null];
    const written = valuesWrittenIn(sql, values);
    expect(written).not.toBeNull();
    const [asParameters, asText] = [await pool.query(sql, values), await pool.query(written as string)];
    expect(asText.rows).toEqual(asParameters.rows);
    expect(asText.rows).toEqual([expect.objectContaining({ t: value, same: true, n: 6, glued: `x${value}`, absent: true })]);
  });
});
