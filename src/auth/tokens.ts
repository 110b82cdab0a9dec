import { KeyObject, createPublicKey, createSecretKey } from 'node:crypto';
import jwt, { JwtHeader, JwtPayload } from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import { Config } from '../config';
import { KeptAcrossRequests } from '../db/kept-across-requests';

export class TokenError extends Error {}

/** Seconds a token's clock may be off: an expiry or a start this close is accepted. */
const CLOCK_TOLERANCE_S = 5;

/** The identity provider's keys could not be fetched: the caller is not at fault (503, and its address is not told). */
export class IdentityProviderUnavailable extends Error {}

/**
 * Verifies a bearer token and returns the person code in `sub`. HS256 with the configured secret;
 * RS256 through a JWKS URL when one is set. The algorithm is pinned: a token signed any other way,
 * without `exp` (it would be valid for ever), expired, not yet valid, for another audience (when
 * JWT_AUDIENCE is set) or without `sub` is refused.
 */
export class TokenVerifier {
  private readonly jwks: JwksClient | null;
  // Key objects made once: given a string, jsonwebtoken builds one on every verification (0.5 ms each).
  private readonly secret: KeyObject | undefined;
  private readonly publicKeys = new Map<string, KeyObject>();
  /**
   * Tokens verified, by their text: a caller sends the same token with every request (verifying costs 0.1 ms). Kept a
   * minute at most (db/kept-across-requests.ts), so that a key the identity provider withdrew stops working here
   * within a minute, as its JWKS is read again.
   */
  private readonly verified = new KeptAcrossRequests<{ subject: string; expiresAt: number }>(60_000);

  constructor(private readonly config: Config) {
    this.jwks = config.jwksUrl ? new JwksClient({ jwksUri: config.jwksUrl, cache: true, rateLimit: true }) : null;
    this.secret = config.jwtSecret ? createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) : undefined;
  }

  private publicKey(pem: string): KeyObject {
    let key = this.publicKeys.get(pem);
    if (!key) {
      key = createPublicKey(pem);
      this.publicKeys.set(pem, key);
    }
    return key;
  }

  /** Returns the token's subject once its signature and claims were verified; verified once per minute and replica. */
  async verify(token: string): Promise<string> {
    const kept = this.verified.get(token);
    // Kept only while it would still verify: until its expiry, with the same tolerance.
    if (kept && Date.now() < kept.expiresAt) return kept.subject;
    const { sub, exp } = await this.verifyAnew(token);
    this.verified.set(token, { subject: sub, expiresAt: (exp + CLOCK_TOLERANCE_S) * 1000 });
    return sub;
  }

  private async verifyAnew(token: string): Promise<{ sub: string; exp: number }> {
    const payload = await new Promise<JwtPayload | string | undefined>((resolve, reject) => {
      const jwks = this.jwks;
      let unreachable = false;
      const key = jwks
        ? (header: JwtHeader, done: (err: Error | null, key?: KeyObject) => void) => {
            jwks.getSigningKey(header.kid).then(
              (k) => done(null, this.publicKey(k.getPublicKey())),
              (e: Error) => {
                // A key id the provider does not know is the token's fault; anything else is the provider's.
                unreachable = e.name !== 'SigningKeyNotFoundError';
                done(e);
              },
            );
          }
        : this.secret;
      if (!key) return reject(new TokenError('no key to verify tokens with (set JWT_SECRET or JWKS_URL)'));
      const audience = this.config.jwtAudience;
      jwt.verify(
        token,
        key,
        {
          algorithms: [jwks ? 'RS256' : 'HS256'],
          issuer: this.config.jwtIssuer,
          clockTolerance: CLOCK_TOLERANCE_S,
          ...(audience ? { audience } : {}),
        },
        (err, decoded) => {
          if (!err) return resolve(decoded);
          reject(unreachable ? new IdentityProviderUnavailable('the identity provider did not answer') : new TokenError(err.message));
        },
      );
    });
    if (typeof payload !== 'object' || payload === null || typeof payload.sub !== 'string' || payload.sub === '') {
      throw new TokenError('token has no subject (sub)');
    }
    if (typeof payload.exp !== 'number') throw new TokenError('token has no expiry (exp)');
    return { sub: payload.sub, exp: payload.exp };
  }
}

/** A development token (HS256) for a person code; the `token` command prints one. */
export function signDevToken(personCode: string, config: Config, expiresInSeconds = 8 * 3600): string {
  if (!config.jwtSecret) throw new Error('JWT_SECRET is not set');
  return jwt.sign({ sub: personCode }, config.jwtSecret, {
    algorithm: 'HS256',
    expiresIn: expiresInSeconds,
    ...(config.jwtIssuer ? { issuer: config.jwtIssuer } : {}),
    ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
  });
}
