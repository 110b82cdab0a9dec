import jwt from 'jsonwebtoken';
import { TokenError, TokenVerifier } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config';

/** A token verified once is kept by the replica, never past the time it would stop verifying, nor for more than a minute. */
describe('tokens kept verified', () => {
  const secret = 'a-secret-of-this-test-a-secret-of-this-test';
  const verifier = () => new TokenVerifier(loadConfig({ JWT_SECRET: secret, NODE_ENV: 'test' }));
  const sign = (seconds: number) => jwt.sign({ sub: 'HT-TP-BT' }, secret, { algorithm: 'HS256', expiresIn: seconds });
  const start = Date.now();
  let now = start;
  beforeEach(() => {
    now = start;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('verifies a token its caller sends again only once within a minute', async () => {
    const v = verifier();
    const token = sign(3600);
    const checks = jest.spyOn(jwt, 'verify');
    expect(await v.verify(token)).toBe('HT-TP-BT');
    now += 30_000;
    expect(await v.verify(token)).toBe('HT-TP-BT');
    expect(checks).toHaveBeenCalledTimes(1);
    now += 31_000;
    expect(await v.verify(token)).toBe('HT-TP-BT');
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('refuses a kept token once it has expired, as a token verified anew would be', async () => {
    const v = verifier();
    const token = sign(10);
    expect(await v.verify(token)).toBe('HT-TP-BT');
    // Within the clock's tolerance (five seconds) past the expiry: still accepted, kept.
    now += 14_000;
    expect(await v.verify(token)).toBe('HT-TP-BT');
    now += 2_000;
    await expect(v.verify(token)).rejects.toBeInstanceOf(TokenError);
  });

  it('keeps nothing of a token refused', async () => {
    const v = verifier();
    const forged = jwt.sign({ sub: 'HT-TP-BT' }, 'another-secret-another-secret-another', { algorithm: 'HS256', expiresIn: 3600 });
    await expect(v.verify(forged)).rejects.toBeInstanceOf(TokenError);
    await expect(v.verify(forged)).rejects.toBeInstanceOf(TokenError);
  });
});
