import type { EntityManager } from 'typeorm';
import { runShaped } from '../../src/db/prepared-statement';

/** Texts of a bounded number of shapes run as named prepared statements; past the bound, unnamed (a connection keeps no more). */
describe('runShaped', () => {
  const sent: { name?: string; text: string }[] = [];
  const client = {
    query: jest.fn(async (q: { name?: string; text: string }) => {
      sent.push(q);
      return { rows: [{ ok: true }] };
    }),
  };
  const em = {
    queryRunner: { connect: async () => client },
    connection: { logger: { logQuery: () => undefined }, options: {} },
  } as unknown as EntityManager;

  it('names one statement per text, the same each time, and none past 200 shapes', async () => {
    expect(await runShaped(em, 'SELECT 1 AS ok WHERE $1::int = 1', [1])).toEqual([{ ok: true }]);
    await runShaped(em, 'SELECT 1 AS ok WHERE $1::int = 1', [2]);
    expect(sent[0].name).toMatch(/^p_/);
    expect(sent[1].name).toBe(sent[0].name);
    for (let i = 0; i < 250; i++) await runShaped(em, `SELECT ${i} AS ok`, []);
    const names = sent.slice(2).map((q) => q.name);
    expect(names.filter(Boolean)).toHaveLength(199);
    expect(names.slice(199).every((n) => n === undefined)).toBe(true);
  });
});
