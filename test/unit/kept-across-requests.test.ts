import { KeptAcrossRequests, forgetKept } from '../../src/db/kept-across-requests';
import { subtreeThen } from '../../src/data/units';
import { createLoaders } from '../../src/loaders';
import type { EntityManager } from 'typeorm';
import type { RequestSession } from '../../src/db/request-session';
import type { RequestPolicy } from '../../src/policies/request-policy';

/**
 * What a report within a unit reads again on every request is kept across requests and forgotten with the tree
 * (db/kept-across-requests.ts). Told apart here by the statements a stub session receives: in the shared test
 * database other files' imports make a replica forget at any moment.
 */
/** A request's session whose connection answers every statement, named (the loaders') or not, with `query`'s rows. */
function stubSession(query: (sql: string, values: [string[]]) => Promise<unknown[]>): RequestSession {
  const client = { query: async (c: { text: string; values: [string[]] }) => ({ rows: await query(c.text, c.values) }) };
  const connection = { logger: { logQuery() {}, logQuerySlow() {} }, options: {} };
  return { em: { query, connection, queryRunner: { connect: async () => client } } } as unknown as RequestSession;
}

describe('kept across requests, forgotten with the tree', () => {
  afterEach(() => forgetKept());

  it('asks once whether the tree moved since a day', async () => {
    const query = jest.fn().mockResolvedValue([{ moved: false }]);
    const em = { query } as unknown as EntityManager;
    expect(await subtreeThen(em, '1', '2024-12-01')).toBeNull();
    expect(await subtreeThen(em, '2', '2024-12-01')).toBeNull();
    expect(query).toHaveBeenCalledTimes(1);
    await subtreeThen(em, '1', '2023-12-01');
    expect(query).toHaveBeenCalledTimes(2);
    forgetKept();
    await subtreeThen(em, '1', '2024-12-01');
    expect(query).toHaveBeenCalledTimes(3);
  });

  it('reads a unit by id once for all requests', async () => {
    const row = { dbId: '7', code: 'U7', name: 'Đơn vị 7', kind: 'WARD', parentId: null, path: '/7/', depth: 0 };
    const query = jest.fn(async (_sql: string, [ids]: [string[]]) => (ids.includes('7') ? [row] : []));
    const loaders = () => createLoaders(stubSession(query), {} as RequestPolicy);
    expect((await loaders().unit.load('7'))?.code).toBe('U7');
    expect((await loaders().unit.load('7'))?.code).toBe('U7');
    expect(await loaders().unit.load('8')).toBeNull();
    expect(query).toHaveBeenCalledTimes(2);
    forgetKept();
    await loaders().unit.load('7');
    expect(query).toHaveBeenCalledTimes(3);
  });

  it('answers a unit it held when the batch began, though the units the batch brought pushed it out of the store', async () => {
    const unit = (id: string) => ({
      dbId: id,
      code: `U${id}`,
      name: `Đơn vị ${id}`,
      kind: 'WARD',
      parentId: null,
      path: `/${id}/`,
      depth: 0,
    });
    const query = jest.fn(async (_sql: string, [ids]: [string[]]) => ids.map(unit));
    const loaders = () => createLoaders(stubSession(query), {} as RequestPolicy);
    await loaders().unit.load('7');
    // The store keeps at most 10,000 units; '7' is the oldest once it is full.
    await loaders().unit.loadMany(Array.from({ length: 9_999 }, (_, i) => String(100_000 + i)));
    const [seven, fresh] = await loaders().unit.loadMany(['7', '8']);
    expect([(seven as { code: string } | null)?.code, (fresh as { code: string } | null)?.code]).toEqual(['U7', 'U8']);
  });

  it('keeps at most as many values as its store says, forgetting the oldest first', () => {
    const few = new KeptAcrossRequests<number>(undefined, 2);
    few.set('a', 1);
    few.set('b', 2);
    few.set('c', 3);
    expect([few.get('a'), few.get('b'), few.get('c')]).toEqual([null, 2, 3]);
  });

  it('keeps a value ten minutes unless its store says less (tokens: a minute)', () => {
    const start = Date.now();
    let now = start;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const callers = new KeptAcrossRequests<string>();
      const tokens = new KeptAcrossRequests<string>(60_000);
      callers.set('k', 'caller');
      tokens.set('k', 'token');
      now = start + 61_000;
      expect([callers.get('k'), tokens.get('k')]).toEqual(['caller', null]);
      now = start + 599_000;
      expect(callers.get('k')).toBe('caller');
      now = start + 601_000;
      expect(callers.get('k')).toBeNull();
    } finally {
      jest.restoreAllMocks();
    }
  });
});
