import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';

export interface JwtClaims {
  userId: string;
  /** The session the token was issued for (`sid`): the token is worth no more than that session. */
  sessionId: string;
}

/** What a token must say of itself: who issued it, for whom, and its type (`typ` header) when given. */
export interface JwtExpectations {
  issuer: string;
  audience: string;
  typ?: string;
}

/** A session JWT (`/api/auth/token`): its subject and session. */
export const sessionClaims = (payload: JWTPayload): JwtClaims | null =>
  payload.sub && typeof payload.sid === 'string' ? { userId: payload.sub, sessionId: payload.sid } : null;

/** Looks keys up at most this often when a token names an unknown key id, so forged kids cannot flood the DB. */
const RELOAD_COOLDOWN_MS = 5_000;
/** Tokens whose signature was checked, kept until they expire: a client sends the same token many times. */
const VERIFIED_TOKENS = 4_096;

/**
 * Verifies the Bearer JWTs the auth server issues, locally and without a query per request:
 * the key set is loaded once and reloaded only when a token names a key it does not hold. A token verified once is
 * remembered (its subject, until its `exp`), so its signature is not checked again on every request: the EdDSA check
 * is the largest cost of an authenticated read.
 */
export class JwtVerifier<Claims extends object = JwtClaims> {
  private readonly verified = new LRUCache<string, { claims: Claims; expiresAt: number }>({ max: VERIFIED_TOKENS });
  private keys?: ReturnType<typeof createLocalJWKSet>;
  private loading?: Promise<void>;
  private lastLoad = 0;

  constructor(
    private readonly loadKeys: () => Promise<JSONWebKeySet>,
    private readonly expected: JwtExpectations,
    private readonly read: (payload: JWTPayload) => Claims | null = sessionClaims as never,
  ) {}

  /**
   * Returns what the token says (`read`: by default its user and session), or null when the token is not valid. Failing to load
   * the keys (the database is down) is not an invalid token: that error is thrown, and answers 503.
   */
  async verify(token: string): Promise<Claims | null> {
    const known = this.verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.claims;
    try {
      return await this.verifyWithKeys(token);
    } catch (error) {
      if (!(error instanceof errors.JOSEError)) throw error;
      if (!(error instanceof errors.JWKSNoMatchingKey) || Date.now() - this.lastLoad < RELOAD_COOLDOWN_MS) {
        return null;
      }
      this.keys = undefined;
      return this.verifyWithKeys(token).catch((retry: unknown) => {
        if (retry instanceof errors.JOSEError) return null;
        throw retry;
      });
    }
  }

  private async verifyWithKeys(token: string): Promise<Claims | null> {
    if (!this.keys) await this.reload();
    const { issuer, audience, typ } = this.expected;
    const { payload } = await jwtVerify(token, this.keys!, { issuer, audience, typ });
    const claims = this.read(payload);
    if (!claims) return null;
    // Without an expiry a token is checked every time (the auth server always sets one).
    if (payload.exp) this.verified.set(token, { claims, expiresAt: payload.exp * 1000 });
    return claims;
  }

  private reload(): Promise<void> {
    this.loading ??= this.loadKeys()
      .then((set) => {
        this.keys = createLocalJWKSet(set);
        this.lastLoad = Date.now();
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }
}
