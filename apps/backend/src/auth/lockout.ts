import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { KEY_PREFIX } from '../cache/redis.js';

/** Failed password checks are remembered this long (a success forgets them). */
const FAILURE_WINDOW_SECONDS = 24 * 60 * 60;
const FIRST_LOCK_SECONDS = 60;
const MAX_LOCK_SECONDS = 60 * 60;

/**
 * Per-account lockout that grows: after `threshold` failed password checks for one account (an email, or a signed-in
 * user), the account is locked for a minute, and each further failure doubles it, up to an hour. Shared by every
 * replica through Redis when it is on (with an in-process count while Redis is away); per process without it.
 * Accounts are hashed, so no email is stored.
 */
export class AccountLockout {
  private readonly failures: RateLimiterAbstract;
  private readonly locks: RateLimiterAbstract;

  constructor(
    private readonly threshold: number,
    redis: Redis | undefined,
  ) {
    const limiter = (name: string, points: number, duration: number) => {
      const options = { keyPrefix: `${KEY_PREFIX}lockout:${name}`, points, duration };
      const memory = new RateLimiterMemory(options);
      return redis
        ? new RateLimiterRedis({
            ...options,
            storeClient: redis,
            rejectIfRedisNotReady: true,
            insuranceLimiter: memory,
          })
        : memory;
    };
    this.failures = limiter('failures', Number.MAX_SAFE_INTEGER, FAILURE_WINDOW_SECONDS);
    this.locks = limiter('locks', 1, MAX_LOCK_SECONDS);
  }

  /** Seconds the account must still wait; 0 when it may try now. */
  async lockedFor(account: string): Promise<number> {
    const lock = await this.locks.get(key(account));
    return lock && lock.consumedPoints > 1 ? Math.ceil(lock.msBeforeNext / 1000) : 0;
  }

  async failed(account: string): Promise<void> {
    const { consumedPoints } = await this.failures.penalty(key(account));
    if (consumedPoints < this.threshold) return;
    const seconds = Math.min(FIRST_LOCK_SECONDS * 2 ** (consumedPoints - this.threshold), MAX_LOCK_SECONDS);
    await this.locks.block(key(account), seconds);
  }

  async succeeded(account: string): Promise<void> {
    await this.failures.delete(key(account));
  }
}

const key = (account: string) => createHash('sha256').update(account.trim().toLowerCase()).digest('base64url');
