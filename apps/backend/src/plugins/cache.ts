import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createRedisConnection, type RedisConnection } from '../cache/redis.js';
import { noTaskListCache, redisTaskListCache, type TaskListCache } from '../cache/task-list-cache.js';
import type { Config } from '../config.js';
import { crossReplicaInvalidation } from '../cache/cross-replica.js';
import { createPool, directSettings } from '../db/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The optional Redis; undefined without REDIS_URL. */
    redis: RedisConnection | undefined;
    taskListCache: TaskListCache;
  }
}

/** Start-up waits this long at most for Redis: it is optional, and the app serves from the database until then. */
const CONNECT_WAIT_MS = 2000;

/** The optional Redis and what uses it; without REDIS_URL a cache that always reads the database. */
async function cache(app: FastifyInstance, { config }: { config: Config }) {
  if (!config.redis) {
    app.decorate('redis', undefined);
    app.decorate('taskListCache', noTaskListCache);
    return;
  }
  const redis = await createRedisConnection(config.redis, app.log);
  app.addHook('onClose', async () => redis.close());
  await redis.connected(CONNECT_WAIT_MS);
  // One connection of its own, listening for the invalidations other replicas could not make in Redis: to PostgreSQL
  // itself, as LISTEN belongs to a session, which a transaction-mode pooler does not keep.
  const replicas = crossReplicaInvalidation(app.pool, createPool(directSettings(config.database)), redis, app.log);
  await replicas.listen();
  app.addHook('onClose', async () => replicas.close());
  app.decorate('redis', redis);
  app.decorate(
    'taskListCache',
    redisTaskListCache(
      redis,
      config.redis.listTtlSeconds,
      (result) => app.metrics.cacheLookups.inc({ cache: 'task_list', result }),
      (userId) => replicas.broadcast(userId),
    ),
  );
}

export default fp(cache, { name: 'cache', dependencies: ['database', 'metrics'] });
