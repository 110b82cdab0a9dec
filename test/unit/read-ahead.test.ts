import type { EntityManager } from 'typeorm';
import { PreparedStatement, renumbered, withReadAhead } from '../../src/db/prepared-statement';

/**
 * Reads made ahead in one statement (db/prepared-statement.ts): each answers its own statement with its own values,
 * once, while the step runs; anything else goes to the database.
 */
describe('reads made ahead together', () => {
  const A = new PreparedStatement(`SELECT $1::int AS a`);
  const B = new PreparedStatement(`SELECT $1::text AS b, $2::text AS c`);
  const sent: { text: string; values: unknown[] }[] = [];
  const client = {
    query: jest.fn(async (q: { text: string; values: unknown[] }) => {
      sent.push(q);
      if (q.text.startsWith('SELECT (SELECT COALESCE(json_agg(x)')) return { rows: [{ r0: [{ a: 1 }], r1: [{ b: 'x', c: 'y' }] }] };
      return { rows: [{ fromDatabase: q.text }] };
    }),
  };
  const em = {
    queryRunner: { connect: async () => client },
    connection: { logger: { logQuery: () => undefined }, options: {} },
  } as unknown as EntityManager;

  beforeEach(() => (sent.length = 0));

  it('renumbers each statement’s parameters after those before it', () => {
    expect(renumbered(`SELECT $1, $2, $10 WHERE x = $1`, 3)).toBe(`SELECT $4, $5, $13 WHERE x = $4`);
  });

  it('sends the reads as one statement, and answers each once, for its own values, while the step runs', async () => {
    const seen = await withReadAhead(
      em,
      [
        [A, [1]],
        [B, ['x', 'y']],
      ],
      async () => [await A.run(em, [1]), await A.run(em, [1]), await B.run(em, ['x', 'other']), await B.run(em, ['x', 'y'])],
    );
    expect(seen).toEqual([[{ a: 1 }], [{ fromDatabase: A.text }], [{ fromDatabase: B.text }], [{ b: 'x', c: 'y' }]]);
    expect(sent[0].text).toBe(
      `SELECT (SELECT COALESCE(json_agg(x), '[]'::json) FROM (SELECT $1::int AS a) x) AS r0, (SELECT COALESCE(json_agg(x), '[]'::json) FROM (SELECT $2::text AS b, $3::text AS c) x) AS r1`,
    );
    expect(sent[0].values).toEqual([1, 'x', 'y']);
    expect(sent).toHaveLength(3);
  });

  it('sends the same statement for the same reads again, with the new values; other reads, another statement', async () => {
    const twice = async (values: [number, string, string]) =>
      withReadAhead(
        em,
        [
          [A, [values[0]]],
          [B, values.slice(1)],
        ],
        async () => B.run(em, values.slice(1)),
      );
    await twice([1, 'x', 'y']);
    expect(await twice([5, 'u', 'v'])).toEqual([{ b: 'x', c: 'y' }]);
    await withReadAhead(
      em,
      [
        [B, ['u', 'v']],
        [A, [5]],
      ],
      async () => undefined,
    );
    const [first, second, other] = sent as unknown as { name: string; text: string; values: unknown[] }[];
    expect(second.name).toBe(first.name);
    expect(second.values).toEqual([5, 'u', 'v']);
    expect(other.name).not.toBe(first.name);
    expect(other.text).toContain('FROM (SELECT $1::text AS b, $2::text AS c) x) AS r0');
    expect(other.values).toEqual(['u', 'v', 5]);
  });

  it('answers nothing once the step is over, even a read it did not make', async () => {
    await withReadAhead(em, [[A, [2]]], async () => undefined);
    expect(await A.run(em, [2])).toEqual([{ fromDatabase: A.text }]);
  });
});
