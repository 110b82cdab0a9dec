import { tallyBallots } from '../../src/rules';

describe('ballots (DOMAIN §15.2)', () => {
  it.each([
    [10, { EXCELLENT: 6 }, 'EXCELLENT', 'more than half for the top level'],
    [10, { EXCELLENT: 5, GOOD: 5 }, 'GOOD', '5 of 10 is not more than 50%: cumulative GOOD is 10'],
    [10, { EXCELLENT: 3, GOOD: 3, COMPLETE: 4 }, 'GOOD', 'cumulative GOOD 6 > 5'],
    [9, { EXCELLENT: 4, GOOD: 1, COMPLETE: 4 }, 'GOOD', '5 of 9 convened passes'],
    [10, { GOOD: 2, COMPLETE: 2, NOT_COMPLETE: 2 }, 'NOT_COMPLETE', '6 valid of 10: no level passes until NOT_COMPLETE'],
  ] as [number, Record<string, number>, string, string][])('%i convened, %j → %s (%s)', (convened, votes, expected) => {
    expect(tallyBallots({ convened, votes })).toMatchObject({ decided: true, level: expected });
  });

  it('gives no result when valid ballots are exactly 50% of those convened (of those convened, not present)', () => {
    const r = tallyBallots({ convened: 10, votes: { EXCELLENT: 5 } });
    expect(r.decided).toBe(false);
    expect(r.findings[0]).toMatchObject({
      rule: 'ballots.no-majority',
      source: '001 §V, appendix §3–4',
      figures: { convened: 10, valid: 5 },
    });
    expect(tallyBallots({ convened: 10, votes: { EXCELLENT: 6 } }).decided).toBe(true);
  });

  it('refuses more ballots than members convened, and bad counts', () => {
    expect(tallyBallots({ convened: 5, votes: { GOOD: 6 } })).toMatchObject({
      decided: false,
      findings: [{ rule: 'ballots.more-than-convened' }],
    });
    expect(() => tallyBallots({ convened: 0, votes: {} })).toThrow(RangeError);
    expect(() => tallyBallots({ convened: 5, votes: { GOOD: -1 } })).toThrow(RangeError);
    expect(() => tallyBallots({ convened: 5, votes: { GOOD: 1.5 } })).toThrow(RangeError);
  });
});
