import type { EntityManager } from 'typeorm';
import { forgetKept } from '../../src/db/kept-across-requests';
import { loadViewer } from '../../src/policies/load-viewer';

/**
 * The caller is read once (`api_enter_kept`) and kept across requests by person and day; the requests after set their
 * scope's four settings again from what was kept, on a connection that does not hold them already. Told apart by the
 * statements stub connections receive (in the shared test database other files' imports make a replica forget at any
 * moment).
 */
describe('the caller kept across requests', () => {
  const scopes: Record<string, string[]> = { P7: ['{/1/2/}', 'on', '/1/2/', '/1/20'], P8: ['{/1/3/}', 'on', '/1/3/', '/1/30'] };
  const callerOf = (code: string) => ({
    id: code.slice(1),
    code,
    roles: null,
    posts: [{ id: '1', unitPath: scopes[code][2] }],
    membership: null,
  });
  /** Statements as each stub connection receives them: [connection, text, values]. */
  const sent: [string, string, unknown[]][] = [];
  const connection = (name: string) => {
    const client = {
      query: jest.fn(async (q: { text: string; values: unknown[] }) => {
        sent.push([name, q.text, q.values]);
        if (!q.text.includes('api_enter_kept')) return { rows: [{}] };
        const code = q.values[0] as string;
        return { rows: [{ v: scopes[code] ? { caller: callerOf(code), scope: scopes[code] } : null }] };
      }),
    };
    return {
      queryRunner: { connect: async () => client },
      connection: { logger: { logQuery: () => undefined }, options: {} },
    } as unknown as EntityManager;
  };
  const [one, two] = [connection('one'), connection('two')];
  const entered = () => sent.filter(([, t]) => t.includes('api_enter_kept')).length;
  const resumed = () => sent.filter(([, t]) => t.includes("set_config('app.scope_prefixes', $1")).map(([c, , v]) => [c, v]);

  beforeEach(() => {
    forgetKept();
    sent.length = 0;
  });

  it('reads the caller once a day, and sets the kept scope again on a connection that does not hold it', async () => {
    const first = await loadViewer(one, 'P7', '2026-11-30');
    expect(first).toMatchObject({ personId: '7', code: 'P7', systemRoles: [] });
    // The same connection holds the scope api_enter set: nothing to send.
    expect(await loadViewer(one, 'P7', '2026-11-30')).toBe(first);
    expect(sent).toHaveLength(1);
    // Another connection: the kept scope, set again.
    expect(await loadViewer(two, 'P7', '2026-11-30')).toBe(first);
    expect(resumed()).toEqual([['two', scopes.P7]]);
    // Another caller on the first connection, then the first caller back: each time the scope of the one who asks.
    await loadViewer(one, 'P8', '2026-11-30');
    await loadViewer(one, 'P7', '2026-11-30');
    await loadViewer(one, 'P7', '2026-11-30');
    expect(resumed()).toEqual([
      ['two', scopes.P7],
      ['one', scopes.P7],
    ]);
    expect(entered()).toBe(2);
    // Another day may bring posts that begin or end: read afresh.
    await loadViewer(one, 'P7', '2026-12-01');
    expect(entered()).toBe(3);
    forgetKept();
    await loadViewer(one, 'P7', '2026-11-30');
    expect(entered()).toBe(4);
  });

  it('keeps no unknown caller, and lets no request change a kept one for the others', async () => {
    expect(await loadViewer(one, 'NOBODY', '2026-11-30')).toBeNull();
    expect(await loadViewer(one, 'NOBODY', '2026-11-30')).toBeNull();
    expect(entered()).toBe(2);
    const viewer = await loadViewer(one, 'P7', '2026-11-30');
    expect(() => (viewer!.posts as unknown[]).push({})).toThrow(TypeError);
    expect(() => Object.assign(viewer!.posts[0], { unitPath: '/' })).toThrow(TypeError);
  });
});
