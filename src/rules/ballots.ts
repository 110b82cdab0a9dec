import { Finding } from './finding';
import { LEVELS, Level } from './levels';

export interface BallotTally {
  /** Members convened (tổng số thành viên triệu tập), not those present (001 §V). */
  convened: number;
  /** Valid ballots per level. */
  votes: Partial<Record<Level, number>>;
}

export type BallotResult =
  | { decided: true; level: Level; findings: Finding[]; figures: Record<string, number> }
  | { decided: false; level: null; findings: Finding[]; figures: Record<string, number> };

export const BALLOTS_SOURCE = '001 §V, appendix §3–4';

/**
 * DOMAIN §15.2: votes count cumulatively from the top; level L passes when the ballots for L or any
 * higher level are more than 50% of the members convened; the result is the highest level that passes.
 * No result when the valid ballots are not more than 50% of those convened.
 */
export function tallyBallots(t: BallotTally): BallotResult {
  const counts = LEVELS.map((l) => t.votes[l] ?? 0);
  if (!Number.isInteger(t.convened) || t.convened < 1 || counts.some((c) => !Number.isInteger(c) || c < 0)) {
    throw new RangeError('ballot counts must be whole numbers, with at least one member convened');
  }
  const valid = counts.reduce((a, b) => a + b, 0);
  const figures: Record<string, number> = { convened: t.convened, valid, ...Object.fromEntries(LEVELS.map((l, i) => [l, counts[i]])) };
  const noResult = (f: Finding): BallotResult => ({ decided: false, level: null, figures, findings: [f] });
  if (valid > t.convened) {
    return noResult(
      finding(
        'ballots.more-than-convened',
        `${valid} ballots for ${t.convened} members convened`,
        `${valid} phiếu nhưng chỉ triệu tập ${t.convened} thành viên`,
        figures,
      ),
    );
  }
  if (valid * 2 <= t.convened) {
    return noResult(
      finding(
        'ballots.no-majority',
        `valid ballots ${valid} are not more than 50% of the ${t.convened} convened: no result`,
        `số phiếu hợp lệ ${valid} không quá 50% của ${t.convened} thành viên triệu tập: không có kết quả`,
        figures,
      ),
    );
  }
  let cumulative = 0;
  for (let i = 0; i < LEVELS.length; i++) {
    cumulative += counts[i];
    if (cumulative * 2 > t.convened) {
      return { decided: true, level: LEVELS[i], figures: { ...figures, cumulative }, findings: [] };
    }
  }
  // Unreachable: at NOT_COMPLETE the cumulative count is all valid ballots, which passed above.
  throw new Error('ballot tally reached no level');
}

function finding(rule: string, message: string, messageVi: string, figures: Record<string, number>): Finding {
  return { rule, source: BALLOTS_SOURCE, message, messageVi, figures };
}
