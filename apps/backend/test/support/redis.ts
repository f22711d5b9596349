import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { freePort } from '@todo/local-stack/ports';
import { findRedisServer, startLocalRedis, type LocalRedis } from '@todo/local-stack/redis';

const binary = findRedisServer();
/** Why the Redis tests skip here; CI installs redis-server (tools/ci/setup.sh), so there they fail instead. */
export const redisMissing = binary ? undefined : 'redis-server is not installed (apt-get install redis-server)';
if (redisMissing && process.env.CI === 'true') throw new Error(`missing in CI: ${redisMissing}`);
export const redisSuite = (name: string) => `${name}${redisMissing ? ` (skipped: ${redisMissing})` : ''}`;

/** A real redis-server on a free port; `restart` brings it back on the same port and password, empty. */
export async function startRedis() {
  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  let server: LocalRedis = await startLocalRedis({ port, password, binary });
  return {
    url: server.url,
    /** The same without the password, for REDIS_PASSWORD. */
    address: `redis://127.0.0.1:${port}`,
    password,
    kill: () => server.kill(),
    pause: () => server.pause(),
    resume: () => server.resume(),
    stop: () => server.stop(),
    async restart() {
      server = await startLocalRedis({ port, password, binary });
    },
  };
}

/** A client of our own, to look into Redis from the test. */
export const inspect = (url: string) => new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 });

/** cache_lookups_total for the task list with `result`. */
export async function lookups(app: FastifyInstance, result: 'hit' | 'miss' | 'error'): Promise<number> {
  const { values } = await app.metrics.cacheLookups.get();
  return values.find((value) => value.labels.cache === 'task_list' && value.labels.result === result)?.value ?? 0;
}
