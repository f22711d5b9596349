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

  /** The listening connection failed: release it once (unless closing released it already) and listen again. */
  function lost(connection: pg.PoolClient, err: unknown, message: string): void {
    if (client !== connection) return;
    client = undefined;
    log.warn({ err }, message);
    connection.release(true);
    if (!closed) setTimeout(() => void listen(), RECONNECT_MS);
  }

  async function listen(): Promise<void> {
    let connection: pg.PoolClient;
    try {
      connection = await listenPool.connect();
    } catch (err) {
      log.warn({ err }, 'cache invalidation listener cannot connect');
      if (!closed) setTimeout(() => void listen(), RECONNECT_MS);
      return;
    }
    client = connection;
    connection.on('notification', (message) => {
      if (message.payload) void replaceGeneration(redis, message.payload);
    });
    connection.on('error', (err) => lost(connection, err, 'cache invalidation listener lost'));
    await connection
      .query(`LISTEN ${CHANNEL}`)
      .catch((err: unknown) => lost(connection, err, 'cache invalidation listener cannot listen'));
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
      const connection = client;
      client = undefined; // its error events, from now on, are the pool's to handle
      connection?.release();
      await listenPool.end();
    },
  };
}
