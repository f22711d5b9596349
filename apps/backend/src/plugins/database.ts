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
async function database(app: FastifyInstance, { pool }: { pool: pg.Pool }) {
  // A client can lose its connection (a database restart): idle in the pool, the pool reports it; checked out between
  // two queries of a transaction, the client itself does, and an unheard 'error' event would end the process.
  pool.on('error', (err) => app.log.warn({ err }, 'idle database connection lost'));
  pool.on('connect', (client) => client.on('error', (err) => app.log.warn({ err }, 'database connection lost')));
  app.decorate('pool', pool);
  app.decorate('db', createDatabase(pool));
  app.addHook('onClose', async () => pool.end());
}

export default fp(database, { name: 'database' });
