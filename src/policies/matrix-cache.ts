import type { CycleWithRows } from './request-policy';

/**
 * A cycle's matrix rows as they concern a set of bodies, kept across requests by this replica: a page
 * runs one statement fewer. Forgotten when any replica changes the matrix (the `matrix_changed`
 * notification of migration 0025, heard by the rating bus), when the bus reconnects (notifications may
 * have been missed meanwhile), and in any case after a minute.
 */
const TTL_MS = 60_000;
const MOST = 10_000;
const kept = new Map<string, { value: CycleWithRows; at: number }>();

const keyOf = (cycleCode: string, bodies: string[]) => `${cycleCode}|${[...bodies].sort().join(',')}`;

export const matrixCache = {
  get(cycleCode: string, bodies: string[]): CycleWithRows | null {
    const hit = kept.get(keyOf(cycleCode, bodies));
    return hit && Date.now() - hit.at < TTL_MS ? hit.value : null;
  },
  set(cycleCode: string, bodies: string[], value: CycleWithRows): void {
    if (kept.size >= MOST) kept.delete(kept.keys().next().value as string);
    kept.set(keyOf(cycleCode, bodies), { value, at: Date.now() });
  },
  clear(): void {
    kept.clear();
  },
};
