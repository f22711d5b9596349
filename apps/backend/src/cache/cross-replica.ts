import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { RedisConnection } from './redis.js';
import { replaceGeneration } from './task-list-cache.js';

const CHANNEL = 'task_list_invalidate';
const RECONNECT_MS = 1000;

/**
 * Invalidations a replica could not make in Redis, sent through PostgreSQL (NOTIFY) to every replica, so one that
 * can reach Redis replaces the user's generation: no replica serves a page cached before the write.
 */
export function crossReplicaInvalidation(
  pool: pg.Pool,
  listenPool: pg.Pool,
  redis: RedisConnection,
  log: FastifyBaseLogger,
) {
  let client: pg.PoolClient | undefined;
  let closed = false;
  listenPool.on('error', (err) => log.warn({ err }, 'idle cache invalidation connection lost'));

  async function listen(): Promise<void> {
    try {
      client = await listenPool.connect();
      client.on('notification', (message) => {
        if (message.payload) void replaceGeneration(redis, message.payload);
      });
      client.on('error', (err) => {
        log.warn({ err }, 'cache invalidation listener lost');
        client?.release(true);
        client = undefined;
        if (!closed) setTimeout(() => void listen(), RECONNECT_MS);
      });
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      log.warn({ err }, 'cache invalidation listener cannot connect');
      client?.release(true);
      client = undefined;
      if (!closed) setTimeout(() => void listen(), RECONNECT_MS);
    }
  }

  return {
    listen,
    /** Tells every replica (this one too) to replace the user's generation. */
    async broadcast(userId: string): Promise<void> {
      await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, userId]).catch((err: unknown) => {
        log.warn({ err }, 'cache invalidation not broadcast');
      });
    },
    async close(): Promise<void> {
      closed = true;
      client?.release();
      await listenPool.end();
    },
  };
}
