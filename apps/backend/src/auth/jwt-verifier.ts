import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from 'jose';

/** Looks keys up at most this often when a token names an unknown key id, so forged kids cannot flood the DB. */
const RELOAD_COOLDOWN_MS = 5_000;

/**
 * Verifies the Bearer JWTs the auth server issues, locally and without a query per request:
 * the key set is loaded once and reloaded only when a token names a key it does not hold.
 */
export class JwtVerifier {
  private keys?: ReturnType<typeof createLocalJWKSet>;
  private loading?: Promise<void>;
  private lastLoad = 0;

  constructor(
    private readonly loadKeys: () => Promise<JSONWebKeySet>,
    private readonly issuer: string,
  ) {}

  /**
   * Returns the token's subject (the user id), or null when the token is not valid. Failing to load the keys (the
   * database is down) is not an invalid token: that error is thrown, and answers 503.
   */
  async verify(token: string): Promise<string | null> {
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

  private async verifyWithKeys(token: string): Promise<string | null> {
    if (!this.keys) await this.reload();
    const { payload } = await jwtVerify(token, this.keys!, { issuer: this.issuer, audience: this.issuer });
    return payload.sub ?? null;
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
