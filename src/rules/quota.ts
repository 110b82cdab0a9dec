import { Finding } from './finding';
import { Level, LevelCounts, countLevels } from './levels';
import { QuotaRule } from './packs/rule-pack';

/** The state of the quota in one scope (deciding authority, cycle, subject kind) — DOMAIN §15.1. */
export interface QuotaFigures {
  /** Subjects in the scope eligible to be rated. */
  eligible: number;
  /** The GOOD pool: decided GOOD or EXCELLENT. */
  good: number;
  excellent: number;
  maxExcellent: number;
  remaining: number;
  smallGroup: boolean;
  /** More EXCELLENT than the maximum: only a lowering after the decisions (a re-rating) can leave a scope so. */
  breached: boolean;
}

/** What the figures are computed from: the share, its rounding and the small-group exception (not the clauses cited). */
export type QuotaArithmetic = Pick<
  QuotaRule,
  'ratio' | 'rounding' | 'smallGroupThreshold' | 'smallGroupComparison' | 'smallGroupRequiresAllGood'
>;

const smallBySize = (rule: QuotaArithmetic, eligible: number) =>
  rule.smallGroupComparison === '<' ? eligible < rule.smallGroupThreshold : eligible <= rule.smallGroupThreshold;

function smallGroupApplies(rule: QuotaArithmetic, eligible: number, counts: LevelCounts): boolean {
  const small = smallBySize(rule, eligible);
  const pool = counts.GOOD + counts.EXCELLENT;
  return small && eligible > 0 && (rule.smallGroupRequiresAllGood ? pool === eligible : pool >= 1);
}

/** ratio × good as a whole number, rounded as the pack says; integer arithmetic avoids 0.2 × 5 = 0.9999… style errors. */
function wholeShare(rule: QuotaArithmetic, good: number): number {
  const millionths = Math.round(rule.ratio * 1e6) * good;
  if (rule.rounding === 'UP') return Math.ceil(millionths / 1e6 - 1e-9);
  if (rule.rounding === 'NEAREST') return Math.floor(millionths / 1e6 + 0.5 + 1e-9);
  return Math.floor(millionths / 1e6 + 1e-9);
}

/**
 * The quota of a scope whose competent level raised it for outstanding results (366-QĐ/TW Art. 11:
 * up to 25%), citing its decision; the rule unchanged where the pack allows no raise.
 */
export function raisedQuota(rule: QuotaRule, decisionRef: string | null | undefined): QuotaRule {
  if (!decisionRef || rule.raisedRatio === null) return rule;
  return { ...rule, ratio: rule.raisedRatio, source: `${rule.raiseSource ?? rule.source}; decision ${decisionRef}` };
}

export function quotaFigures(rule: QuotaArithmetic, eligible: number, decided: Level[] | LevelCounts): QuotaFigures {
  const counts = Array.isArray(decided) ? countLevels(decided) : decided;
  const good = counts.GOOD + counts.EXCELLENT;
  const byRatio = wholeShare(rule, good);
  const smallGroup = smallGroupApplies(rule, eligible, counts);
  const maxExcellent = smallGroup ? Math.max(byRatio, 1) : byRatio;
  return {
    eligible,
    good,
    excellent: counts.EXCELLENT,
    maxExcellent,
    remaining: Math.max(maxExcellent - counts.EXCELLENT, 0),
    smallGroup,
    breached: counts.EXCELLENT > maxExcellent,
  };
}

/**
 * Checks the levels of a scope as they would stand after a decision (the decision counted): refused
 * when EXCELLENT would exceed the maximum. Returns the figures either way.
 */
export function checkQuota(
  rule: QuotaRule,
  eligible: number,
  levelsAfter: Level[] | LevelCounts,
): { ok: boolean; figures: QuotaFigures; findings: Finding[] } {
  const figures = quotaFigures(rule, eligible, levelsAfter);
  if (figures.excellent <= figures.maxExcellent) return { ok: true, figures, findings: [] };
  // In a group small by size, say why its exception did not help (not all GOOD, or already used).
  const small = smallBySize(rule, eligible);
  const why =
    small && !figures.smallGroup
      ? `; the small-group exception needs ${rule.smallGroupRequiresAllGood ? `all ${eligible} rated GOOD or higher` : 'one rated GOOD'}`
      : '';
  return {
    ok: false,
    figures,
    findings: [
      {
        rule: 'quota.excellent-share',
        source: small ? `${rule.source}; ${rule.smallGroupSource}` : rule.source,
        message: `EXCELLENT may not exceed ${rule.ratio * 100}% of those rated GOOD or higher: good ${figures.good}, max ${figures.maxExcellent}, excellent would be ${figures.excellent}${why}`,
        messageVi: `Số xếp loại "Hoàn thành xuất sắc nhiệm vụ" không vượt quá ${rule.ratio * 100}% số "Hoàn thành tốt nhiệm vụ": tốt ${figures.good}, tối đa ${figures.maxExcellent}, sẽ là ${figures.excellent}`,
        figures: {
          eligible,
          good: figures.good,
          maxExcellent: figures.maxExcellent,
          excellent: figures.excellent,
          ratio: rule.ratio,
          smallGroup: figures.smallGroup,
        },
        caps: 'GOOD',
      },
    ],
  };
}

/**
 * The quota at a place's proposal round (DOMAIN §15.1 as amended; 004 §II.4.3 step 2): the place's proposals
 * with this one counted. Only a GOOD or EXCELLENT proposal can break it; a lower one always passes.
 */
export function proposalRoundQuota(rule: QuotaRule, eligible: number, proposed: LevelCounts, level: Level) {
  if (level !== 'EXCELLENT' && level !== 'GOOD')
    return { ok: true, figures: quotaFigures(rule, eligible, proposed), findings: [] as Finding[] };
  return checkQuota(rule, eligible, { ...proposed, [level]: proposed[level] + 1 });
}
