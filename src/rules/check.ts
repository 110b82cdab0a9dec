import { Finding } from './finding';
import { LEVELS, Level, atLeast } from './levels';

/** A standard a subject fails, before it becomes a finding capped below the level it keeps out of reach. */
export type Check = { rule: string; source: string; en: string; vi: string; figures?: Finding['figures'] };

/** Records that `level`'s standard is not met, and why. */
export type Fail = (level: Level, c: Check) => void;

/** Fails every level from `from` down to COMPLETE: the subject is NOT_COMPLETE. */
export function failFrom(fail: Fail, c: Check, from: Level = 'EXCELLENT'): void {
  for (const l of LEVELS) if (l !== 'NOT_COMPLETE' && atLeast(from, l)) fail(l, c);
}
