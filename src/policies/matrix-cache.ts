import { KeptAcrossRequests } from '../db/kept-across-requests';
import type { CycleWithRows } from './request-policy';

/** A cycle's matrix rows as they concern a set of bodies, kept across requests by this replica (db/kept-across-requests.ts). */
const kept = new KeptAcrossRequests<CycleWithRows>();

const keyOf = (cycleCode: string, bodies: string[]) => `${cycleCode}|${[...bodies].sort().join(',')}`;

export const matrixCache = {
  get: (cycleCode: string, bodies: string[]): CycleWithRows | null => kept.get(keyOf(cycleCode, bodies)),
  set: (cycleCode: string, bodies: string[], value: CycleWithRows): void => kept.set(keyOf(cycleCode, bodies), value),
};
