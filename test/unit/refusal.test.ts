import { Refusal, refuseWith } from '../../src/services/refusal';

const thrown = (run: () => unknown): unknown => {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error('nothing was thrown');
};

/** A refusal rolls the mutation back and answers its reasons: one with no reason would answer neither a result nor an error. */
describe('a refusal', () => {
  it('carries its reasons, one user error each', () => {
    const finding = {
      rule: 'quota.excellent-share',
      source: '004 §II.7.17',
      message: 'over the quota',
      messageVi: 'vượt',
      figures: { max: 2 },
    };
    const e = thrown(() => refuseWith('QUOTA_EXCEEDED', [finding], ['input', 'level']));
    expect(e).toBeInstanceOf(Refusal);
    expect((e as Refusal).userErrors).toEqual([{ code: 'QUOTA_EXCEEDED', field: ['input', 'level'], ...finding }]);
  });

  it('is not made without a reason: that is the code’s mistake, not a refusal', () => {
    const e = thrown(() => refuseWith('QUOTA_EXCEEDED', []));
    expect(e).not.toBeInstanceOf(Refusal);
    expect((e as Error).message).toBe('a refusal with no user error');
  });
});
