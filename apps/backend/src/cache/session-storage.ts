import type { SecondaryStorage } from 'better-auth';
import type { Redis } from 'ioredis';
import { KEY_PREFIX, type RedisConnection } from './redis.js';

const key = (name: string) => `${KEY_PREFIX}auth:${name}`;

/** A session as Better Auth stores it under its token: `{"session": {...}, "user": {...}}`. */
function isSession(value: string): boolean {
  try {
    return typeof (JSON.parse(value) as { session?: unknown })?.session === 'object';
  } catch {
    return false;
  }
}

/**
 * Better Auth's secondary storage (sessions) in Redis. It never throws: a failed read is a miss, and Better Auth
 * then reads the session from the database (`storeSessionInDatabase`); a failed delete is replayed when Redis
 * returns, and until then the key reads as a miss, so a signed-out session is never found again; a failed session
 * write is replayed as a delete, so a replica that was cut off never brings back a session signed out elsewhere.
 */
export function sessionStorage(redis: RedisConnection): SecondaryStorage {
  const read = async (name: string) =>
    redis.isPending(key(name)) ? null : ((await redis.run((r) => r.get(key(name)))) ?? null);
  return {
    get: read,
    async getAndDelete(name) {
      const value = await read(name);
      await redis.runOrRetry(key(name), (r) => r.del(key(name)));
      return value;
    },
    async set(name, value, ttl) {
      const k = key(name);
      // A write that fails while an older value may still be in Redis must not leave that value to be read. A session
      // is never written late: another replica may have signed it out meanwhile, and PostgreSQL, which Better Auth
      // reads on a miss, holds the truth; so the removal is replayed instead. Other values (the list of a user's
      // sessions, the time before which they are revoked) never let anyone in: they are replayed as written.
      const write = (r: Redis) => (ttl ? r.set(k, value, 'EX', ttl) : r.set(k, value));
      await redis.runOrRetry(k, write, isSession(value) ? (r) => r.del(k) : write);
    },
    async delete(name) {
      await redis.runOrRetry(key(name), (r) => r.del(key(name)));
    },
    // Only Better Auth's own rate limiter counts (it is off: the routes limit): fail open, as the first hit.
    async increment(name, ttl) {
      const k = key(name);
      const replies = await redis.run((r) => r.multi().set(k, '0', 'EX', ttl, 'NX').incr(k).exec());
      const count = replies?.[1]?.[1];
      return typeof count === 'number' ? count : 1;
    },
  };
}
