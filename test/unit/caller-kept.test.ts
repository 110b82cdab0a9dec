import type { EntityManager } from 'typeorm';
import { forgetKept } from '../../src/db/kept-across-requests';
import { loadViewer } from '../../src/policies/load-viewer';

/**
 * The caller is read once (`api_enter_kept`) and kept across requests by person and day; the requests after set their
 * scope's four settings again from what was kept. Told apart by the statements a stub connection receives (in the
 * shared test database other files' imports make a replica forget at any moment).
 */
describe('the caller kept across requests', () => {
  const scope = ['{/1/2/}', 'on', '/1/2/', '/1/20'];
  const caller = { id: '7', code: 'P7', roles: null, posts: [{ id: '1', unitPath: '/1/2/' }], membership: null };
  const texts: string[] = [];
  const values: unknown[][] = [];
  const client = {
    query: jest.fn(async (q: { text: string; values: unknown[] }) => {
      texts.push(q.text);
      values.push(q.values);
      if (!q.text.includes('api_enter_kept')) return { rows: [{}] };
      return { rows: [{ v: q.values[0] === 'P7' ? { caller, scope } : null }] };
    }),
  };
  const em = {
    queryRunner: { connect: async () => client },
    connection: { logger: { logQuery: () => undefined }, options: {} },
  } as unknown as EntityManager;
  const entered = () => texts.filter((t) => t.includes('api_enter_kept')).length;

  beforeEach(() => {
    forgetKept();
    texts.length = 0;
    values.length = 0;
  });

  it('reads the caller once a day, and sets the kept scope again for the next requests', async () => {
    const first = await loadViewer(em, 'P7', '2026-11-30');
    const second = await loadViewer(em, 'P7', '2026-11-30');
    expect(second).toBe(first);
    expect(first).toMatchObject({ personId: '7', code: 'P7', systemRoles: [] });
    expect(entered()).toBe(1);
    expect(texts[1]).toContain("set_config('app.scope_prefixes', $1");
    expect(values[1]).toEqual(scope);
    // Another day may bring posts that begin or end: read afresh.
    await loadViewer(em, 'P7', '2026-12-01');
    expect(entered()).toBe(2);
    forgetKept();
    await loadViewer(em, 'P7', '2026-11-30');
    expect(entered()).toBe(3);
  });

  it('keeps no unknown caller, and lets no request change a kept one for the others', async () => {
    expect(await loadViewer(em, 'NOBODY', '2026-11-30')).toBeNull();
    expect(await loadViewer(em, 'NOBODY', '2026-11-30')).toBeNull();
    expect(entered()).toBe(2);
    const viewer = await loadViewer(em, 'P7', '2026-11-30');
    expect(() => (viewer!.posts as unknown[]).push({})).toThrow(TypeError);
    expect(() => Object.assign(viewer!.posts[0], { unitPath: '/' })).toThrow(TypeError);
  });
});
