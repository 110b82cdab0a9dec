import { IncomingMessage } from 'node:http';
import { asCaller } from '../../src/context';
import { RequestSession } from '../../src/db/request-session';
import { DEMO } from '../../src/demo/demo-dataset';
import { traceOf } from '../../src/http/observability';
import { config } from '../support/api';
import { oneConnectionEach } from '../support/one-connection';

/**
 * The loaders' statements are named: each connection plans them once, whoever calls. One connection of the API's role, so
 * that every caller's batches run on it, one after the other, as requests in a row do.
 */
const { api, owner } = oneConnectionEach();

/** The people with these ids as the caller's person loader answers them (null: not visible), and what the connection keeps. */
const asLoaded = (caller: string, ids: string[]) =>
  asCaller(new RequestSession(api(), owner(), 100), config, caller, traceOf({ headers: {} } as IncomingMessage), async (ctx) => {
    const people = await ctx.loaders.person.loadMany(ids);
    const kept = await ctx.session.em.query<{ runs: number }[]>(
      `SELECT (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements WHERE statement LIKE '%FROM person t WHERE t.id = ANY($1)%'`,
    );
    return { codes: people.map((p) => (p instanceof Error ? p : (p?.code ?? null))), runs: kept.reduce((n, k) => n + k.runs, 0) };
  });

describe('the loaders’ statements', () => {
  it('are planned once per connection and answer each caller within their own scope', async () => {
    const personIn = async (unit: string) =>
      (
        await owner().query<{ id: string; code: string }[]>(
          `SELECT p.id::text AS id, p.code FROM person p JOIN membership m ON m.person_id = p.id JOIN unit u ON u.id = m.branch_id
            WHERE u.path LIKE (SELECT path FROM unit WHERE code = $1) || '%' ORDER BY p.code LIMIT 1`,
          [unit],
        )
      )[0];
    const [ward, otherWard] = [await personIn('HT-TP-NH'), await personIn('HT-TP-BH')];
    const ids = [ward.id, otherWard.id];
    const before = (await asLoaded(DEMO.wardSecretary, ids)).runs;
    expect(await asLoaded(DEMO.wardSecretary, ids)).toEqual({ codes: [ward.code, null], runs: before + 1 });
    expect(await asLoaded(DEMO.citySecretary, ids)).toEqual({ codes: [ward.code, otherWard.code], runs: before + 2 });
    // The same statement again for the ward's secretary, with their own scope's values.
    expect(await asLoaded(DEMO.wardSecretary, ids)).toEqual({ codes: [ward.code, null], runs: before + 3 });
    expect(before).toBeGreaterThanOrEqual(1);
  });
});
