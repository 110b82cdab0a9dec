import http from 'node:http';
import { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { IdentityProviderUnavailable, TokenError, TokenVerifier } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config';

/** RS256 tokens from an identity provider, checked against its JWKS; HS256 and unknown keys refused. */
describe('tokens through a JWKS URL', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'key-1', alg: 'RS256', use: 'sig' };
  let server: http.Server;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    verifier = new TokenVerifier(loadConfig({ JWKS_URL: url, JWT_ISSUER: 'https://idp.example', NODE_ENV: 'test' }));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const sign = (payload: object, options: jwt.SignOptions = {}) =>
    jwt.sign(payload, privateKey, { algorithm: 'RS256', keyid: 'key-1', issuer: 'https://idp.example', expiresIn: 300, ...options });

  it('accepts an RS256 token signed by a key of the set', async () => {
    expect(await verifier.verify(sign({ sub: 'HT-TP-BT' }))).toBe('HT-TP-BT');
  });

  it.each([
    ['from another issuer', () => sign({ sub: 'X' }, { issuer: 'https://evil.example' })],
    ['not yet valid (nbf)', () => sign({ sub: 'X' }, { notBefore: 3600 })],
    ['expired', () => sign({ sub: 'X' }, { expiresIn: -10 })],
    [
      'signed with HS256 and the public key as secret',
      () => jwt.sign({ sub: 'X' }, publicKey.export({ format: 'pem', type: 'spki' }) as string, { algorithm: 'HS256', keyid: 'key-1' }),
    ],
    ['with an unknown key id', () => sign({ sub: 'X' }, { keyid: 'key-2' })],
    [
      'without an expiry (valid for ever otherwise)',
      () => jwt.sign({ sub: 'X' }, privateKey, { algorithm: 'RS256', keyid: 'key-1', issuer: 'https://idp.example' }),
    ],
  ])('refuses a token %s', async (_label, make) => {
    await expect(verifier.verify(make())).rejects.toBeInstanceOf(TokenError);
  });

  it('reports token problems as TokenError', async () => {
    await expect(verifier.verify('garbage')).rejects.toBeInstanceOf(TokenError);
  });

  it('tells an unreachable identity provider from a bad token, without its address', async () => {
    const away = new TokenVerifier(loadConfig({ JWKS_URL: 'http://127.0.0.1:1/jwks.json', NODE_ENV: 'test' }));
    const error = await away.verify(sign({ sub: 'X' })).catch((e: Error) => e);
    expect(error).toBeInstanceOf(IdentityProviderUnavailable);
    expect((error as Error).message).not.toContain('127.0.0.1');
  });
});
