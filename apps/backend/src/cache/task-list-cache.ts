import { createHash, randomUUID } from 'node:crypto';
import type { TaskListQuery, TaskPage } from '@todo/contracts';
import { KEY_PREFIX, type RedisConnection } from './redis.js';

export type LookupResult = 'hit' | 'miss' | 'error';

/** Pages of a user's task list, kept briefly; `TaskService` invalidates them on every write of that user. */
export interface TaskListCache {
  list(userId: string, query: TaskListQuery, load: () => Promise<TaskPage>): Promise<TaskPage>;
  invalidate(userId: string): Promise<void>;
}

/** Without Redis: every list is read from the database. */
export const noTaskListCache: TaskListCache = {
  list: (_userId, _query, load) => load(),
  invalidate: async () => {},
};

/** Outlives any page by far; when it expires (or is evicted) the user's pages are simply missed. */
const GENERATION_TTL_SECONDS = 3600;
/** Part of every page key: a change to the page's shape changes it, so an old page is never served. */
const FORMAT = 'v1';

const generationKey = (userId: string) => `${KEY_PREFIX}tasks:gen:${userId}`;

/** The query with its keys sorted and undefined values left out: equal queries give equal keys. */
function queryHash(query: TaskListQuery): string {
  const entries = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(entries)).digest('base64url').slice(0, 22);
}

/** A cached page, or undefined for anything else (a value someone else wrote under our key): then it is a miss. */
function parsePage(text: string): TaskPage | undefined {
  try {
    const page = JSON.parse(text) as TaskPage;
    return Array.isArray(page?.items) ? page : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Each user has a generation, a random token that a write replaces; a page's key contains it. A write replaces the
 * token after its commit, so no later read can find a page cached before it, on any replica; pages of old
 * generations are never read again and expire. A random token (not a counter) stays safe if the key is evicted.
 */
export function redisTaskListCache(
  redis: RedisConnection,
  ttlSeconds: number,
  count: (result: LookupResult) => void,
  /** Tells the other replicas when this one could not replace a generation (cross-replica.ts). */
  missed: (userId: string) => Promise<void> = async () => {},
): TaskListCache {
  async function generation(userId: string): Promise<string | undefined> {
    const key = generationKey(userId);
    if (redis.isPending(key)) return undefined; // a write of this user has not reached Redis yet
    const current = await redis.run((r) => r.get(key));
    if (current !== null) return current;
    // The first read since the token expired: set one unless another request just did, and use whichever won.
    const replies = await redis.run((r) =>
      r.multi().set(key, randomUUID(), 'EX', GENERATION_TTL_SECONDS, 'NX').get(key).exec(),
    );
    const won = replies?.[1]?.[1];
    return typeof won === 'string' ? won : undefined;
  }

  return {
    async list(userId, query, load) {
      const gen = await generation(userId);
      const key = gen && `${KEY_PREFIX}tasks:list:${userId}:${gen}:${FORMAT}:${queryHash(query)}`;
      const cached = key ? await redis.run((r) => r.get(key)) : undefined;
      const page = cached ? parsePage(cached) : undefined;
      if (page) {
        count('hit');
        return page;
      }
      count(cached === undefined ? 'error' : 'miss');
      const loaded = await load();
      // Only when Redis answered: after a failure it is skipped anyway.
      if (key && cached !== undefined) await redis.run((r) => r.set(key, JSON.stringify(loaded), 'EX', ttlSeconds));
      return loaded;
    },
    async invalidate(userId) {
      await replaceGeneration(redis, userId);
      // Kept for a replay: this replica skips the user's pages meanwhile, the others must hear of it.
      if (redis.isPending(generationKey(userId))) await missed(userId);
    },
  };
}

/** Ends every cached page of the user: now, or (Redis unreachable) kept and replayed when it answers again. */
export async function replaceGeneration(redis: RedisConnection, userId: string): Promise<void> {
  const key = generationKey(userId);
  await redis.runOrRetry(key, (r) => r.set(key, randomUUID(), 'EX', GENERATION_TTL_SECONDS));
}
