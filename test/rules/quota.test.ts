import fc from 'fast-check';
import { Level, LEVELS, checkQuota, countLevels, proposalRoundQuota, quotaFigures, rulePack } from '../../src/rules';
import { QuotaRule } from '../../src/rules/packs/rule-pack';

const rule2023 = rulePack('QD124-2023').quota;
const district: QuotaRule = { ...rule2023, smallGroupComparison: '<=', smallGroupRequiresAllGood: false, smallGroupSource: '003 §4.4' };
const levels = (e: number, g: number, c = 0, n = 0): Level[] => [
  ...Array(e).fill('EXCELLENT'),
  ...Array(g).fill('GOOD'),
  ...Array(c).fill('COMPLETE'),
  ...Array(n).fill('NOT_COMPLETE'),
];

describe('quota (DOMAIN §15.1)', () => {
  it.each([
    // eligible, EXCELLENT, GOOD, COMPLETE → maxExcellent
    [20, 0, 9, 11, 1, '20% of 9 GOOD is 1'],
    [20, 0, 4, 16, 0, '20% of 4 is 0'],
    [20, 0, 5, 15, 1, '20% of 5 is 1'],
    [20, 1, 9, 10, 2, 'the pool counts EXCELLENT too: 10 → 2'],
    [30, 0, 14, 16, 2, '20% of 14 is 2'],
    [30, 0, 15, 15, 3, '20% of 15 is 3'],
    [4, 0, 4, 0, 1, 'small group: 4 < 5, all GOOD → 1'],
    [4, 0, 3, 1, 0, 'small group but not all GOOD → 0'],
    [5, 0, 5, 0, 1, '5 is not < 5, but 20% of 5 is 1'],
    [3, 0, 2, 0, 0, 'small group, not all decided GOOD yet'],
  ])('eligible %i, EXCELLENT %i, GOOD %i, COMPLETE %i → max %i (%s)', (eligible, e, g, c, max) => {
    expect(quotaFigures(rule2023, eligible, levels(e, g, c)).maxExcellent).toBe(max);
  });

  it('checks a decision counting itself, and reports the figures (good 9, max 1)', () => {
    expect(checkQuota(rule2023, 20, levels(1, 8, 11)).ok).toBe(true);
    const refused = checkQuota(rule2023, 20, levels(2, 7, 11));
    expect(refused.ok).toBe(false);
    expect(refused.figures).toEqual({
      eligible: 20,
      good: 9,
      excellent: 2,
      maxExcellent: 1,
      remaining: 0,
      smallGroup: false,
      breached: true,
    });
    expect(refused.findings[0]).toMatchObject({
      rule: 'quota.excellent-share',
      source: '004 §II.5.1.1, §II.5.2.1',
      figures: { good: 9, maxExcellent: 1, excellent: 2 },
    });
  });

  it('small group, 4 vs 5 subjects: 004 uses "<" and needs 100% GOOD, 003 uses "≤" and does not', () => {
    expect(quotaFigures(rule2023, 4, levels(0, 4)).smallGroup).toBe(true);
    expect(quotaFigures(rule2023, 5, levels(0, 5)).smallGroup).toBe(false);
    expect(quotaFigures(district, 5, levels(0, 3, 2)).smallGroup).toBe(true);
    expect(quotaFigures(district, 5, levels(0, 3, 2)).maxExcellent).toBe(1);
    expect(quotaFigures(district, 6, levels(0, 3, 3)).maxExcellent).toBe(0);
    expect(checkQuota(rule2023, 4, levels(1, 3)).findings).toEqual([]);
    expect(checkQuota(rule2023, 4, levels(1, 2, 1)).findings[0].source).toContain('004 §II.7.17');
  });

  it('property: any set the check accepts has EXCELLENT ≤ max(floor(0.2·good), small-group allowance)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...LEVELS), { maxLength: 60 }),
        fc.integer({ min: 0, max: 10 }),
        fc.boolean(),
        (decided, undecided, useDistrict) => {
          const rule = useDistrict ? district : rule2023;
          const eligible = decided.length + undecided;
          const { ok, figures } = checkQuota(rule, eligible, decided);
          const good = decided.filter((l) => l === 'GOOD' || l === 'EXCELLENT').length;
          const excellent = decided.filter((l) => l === 'EXCELLENT').length;
          const small =
            (rule.smallGroupComparison === '<' ? eligible < 5 : eligible <= 5) &&
            (rule.smallGroupRequiresAllGood ? good === eligible : good >= 1);
          const allowance = Math.max(Math.floor((good * 2) / 10), small && eligible > 0 ? 1 : 0);
          expect(figures.maxExcellent).toBe(allowance);
          expect(ok).toBe(excellent <= allowance);
          if (ok) expect(excellent).toBeLessThanOrEqual(allowance);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('property: proposals a place accepts one by one, each counted with those before it, end within the quota (the proposal round)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...LEVELS), { maxLength: 40 }),
        fc.integer({ min: 0, max: 10 }),
        fc.boolean(),
        (asked, notYet, useDistrict) => {
          const rule = useDistrict ? district : rule2023;
          const eligible = asked.length + notYet;
          const accepted: Level[] = [];
          for (const level of asked) {
            const q = proposalRoundQuota(rule, eligible, countLevels(accepted), level);
            if (q.ok) accepted.push(level);
            else expect(q.findings[0]).toMatchObject({ rule: 'quota.excellent-share', caps: 'GOOD' });
          }
          expect(checkQuota(rule, eligible, accepted).ok).toBe(true);
          // Only EXCELLENT is ever turned away: GOOD and below never break the quota.
          expect(asked.filter((l) => l !== 'EXCELLENT')).toEqual(accepted.filter((l) => l !== 'EXCELLENT'));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
