import { Level } from './levels';

/**
 * One reason a rule gave, traceable to its text: a stable rule id, the source clause, a message in
 * English and Vietnamese, and the figures used. The same shape feeds GraphQL user errors and audits.
 */
export interface Finding {
  rule: string;
  source: string;
  message: string;
  messageVi: string;
  figures: Record<string, number | string | boolean | null>;
  /** For ceilings: the highest level this finding still allows. */
  caps?: Level;
}

/** A share threshold as the texts word it: "từ … trở lên" is atLeast (≥), "trên" is moreThan (>), "dưới" is lessThan (<). */
export type Threshold = { atLeast: number } | { moreThan: number } | { lessThan: number } | { atMost: number };

export function meets(share: number, t: Threshold): boolean {
  if ('atLeast' in t) return share >= t.atLeast - 1e-12;
  if ('moreThan' in t) return share > t.moreThan + 1e-12;
  if ('lessThan' in t) return share < t.lessThan - 1e-12;
  return share <= t.atMost + 1e-12;
}

export function describe(t: Threshold): string {
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  if ('atLeast' in t) return `≥ ${pct(t.atLeast)}`;
  if ('moreThan' in t) return `> ${pct(t.moreThan)}`;
  if ('lessThan' in t) return `< ${pct(t.lessThan)}`;
  return `≤ ${pct(t.atMost)}`;
}

/** A share of `part` in `whole`; an empty whole is vacuously 100% (nothing failed). */
export const share = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
