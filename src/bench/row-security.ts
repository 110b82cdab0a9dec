import { Pool } from 'pg';
import { Figures, Repeated, repeated } from './measure';

/** Turns row-level security on or off on every table that has a policy. */
export type RowSecuritySwitch = (on: boolean) => Promise<void>;

/**
 * Row-level security switched on or off on every table that has a policy: what the policies cost a request through the
 * API, against the same request without them. For the benchmark's own database only (the benchmark refuses one holding
 * other data), by its owner. ALTER TABLE takes each table's exclusive lock and drops the plans cached on it, so every
 * side of a comparison starts by planning again.
 */
export async function rowSecuritySwitch(pool: Pool): Promise<RowSecuritySwitch> {
  const { rows } = await pool.query<{ t: string }>(`SELECT DISTINCT polrelid::regclass::text AS t FROM pg_policy ORDER BY 1`);
  return async (on) => {
    if (rows.length) await pool.query(rows.map(({ t }) => `ALTER TABLE ${t} ${on ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`).join(';\n'));
  };
}

/**
 * Each scenario run with the policies on and off in turn, `repetitions` times, which side goes first swapped each time;
 * the policies are on again when it ends, however it ends.
 */
export async function withAndWithoutRowSecurity<K extends string>(
  turn: RowSecuritySwitch,
  scenarios: Record<K, () => Promise<Figures>>,
  repetitions: number,
): Promise<Record<K, { on: Repeated; off: Repeated }>> {
  const names = Object.keys(scenarios) as K[];
  const runs = { on: new Map<K, Figures[]>(names.map((n) => [n, []])), off: new Map<K, Figures[]>(names.map((n) => [n, []])) };
  try {
    for (let r = 0; r < repetitions; r++) {
      for (const side of r % 2 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        await turn(side === 'on');
        for (const name of names) runs[side].get(name)!.push(await scenarios[name]());
      }
    }
  } finally {
    await turn(true);
  }
  return Object.fromEntries(
    names.map((name) => [name, { on: repeated(runs.on.get(name)!), off: repeated(runs.off.get(name)!) }]),
  ) as Record<K, { on: Repeated; off: Repeated }>;
}
