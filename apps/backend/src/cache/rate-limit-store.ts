import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
// The plugin's own in-process store, for while Redis is away (the package has no types for it).
// @ts-expect-error: no declaration file for the deep import
import LocalStore from '@fastify/rate-limit/store/LocalStore.js';
import { KEY_PREFIX, type RedisConnection } from './redis.js';

type Callback = Parameters<FastifyRateLimitStore['incr']>[1];
type RouteOptions = Parameters<FastifyRateLimitStore['child']>[0] & { routeInfo?: { method?: string; url?: string } };

/** One fixed window per key: the count and the milliseconds left. */
const WINDOW = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {current, redis.call('PTTL', KEYS[1])}`;

/**
 * @fastify/rate-limit's store in the optional Redis, so that every replica counts against one budget. It goes
 * through the app's fail-open Redis wrapper: while Redis is away or slow (one short timeout, then skipped), each
 * replica counts on its own in memory, so the limits still hold per replica and a request never waits on Redis.
 */
export function sharedRateLimitStore(redis: RedisConnection): FastifyRateLimitStoreCtor {
  redis.client.defineCommand('todoRateLimit', { numberOfKeys: 1, lua: WINDOW });
  const count = (key: string, windowMs: number) =>
    redis.run((client) =>
      (client as unknown as { todoRateLimit(k: string, w: number): Promise<[number, number]> }).todoRateLimit(
        key,
        windowMs,
      ),
    );

  class SharedStore implements FastifyRateLimitStore {
    constructor(
      _options?: FastifyRateLimitOptions,
      private readonly prefix = `${KEY_PREFIX}rate-limit:`,
      private readonly local: FastifyRateLimitStore = new LocalStore(false, false),
    ) {}

    incr(key: string, callback: Callback, timeWindow: number, max: number): void {
      void count(this.prefix + key, timeWindow).then((result) => {
        if (result) callback(null, { current: result[0], ttl: Math.max(result[1], 0) });
        else this.local.incr(key, callback, timeWindow, max);
      });
    }

    child(routeOptions: RouteOptions): FastifyRateLimitStore {
      const route = `${routeOptions.routeInfo?.method ?? ''}${routeOptions.routeInfo?.url ?? ''}`;
      return new SharedStore(undefined, `${this.prefix}${route}-`, this.local.child(routeOptions));
    }
  }
  return SharedStore;
}
