import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type pg from 'pg';
import { createDatabase, type Database } from '../db/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    pool: pg.Pool;
  }
}

/** Shares one pool; the app owns it and closes it last on shutdown. */
export default fp(async function database(app: FastifyInstance, { pool }: { pool: pg.Pool }) {
  // An idle client can lose its connection (a database restart); log it rather than crash.
  pool.on('error', (err) => app.log.warn({ err }, 'idle database connection lost'));
  app.decorate('pool', pool);
  app.decorate('db', createDatabase(pool));
  app.addHook('onClose', async () => pool.end());
});
