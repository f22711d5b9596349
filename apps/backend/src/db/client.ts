import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Config } from '../config.js';
import * as schema from './schema.js';

export type Database = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export type PoolSettings = Pick<
  Config['database'],
  'url' | 'poolMax' | 'statementTimeoutMs' | 'sslMode' | 'sslCa' | 'transactionPooling'
>;

/**
 * The pool of the API, of `migrate` and of the readiness probe alike, so all reach the database with the same TLS
 * settings. `waitMs`: how long a query waits for a connection before failing (the API answers that with 503). Through
 * a transaction-mode pooler, the statement timeout is the pooler's to set on its server connections: PgBouncer
 * refuses a client's `statement_timeout` startup parameter.
 */
export function createPool(
  { url, poolMax, statementTimeoutMs, sslMode, sslCa, transactionPooling }: PoolSettings,
  waitMs = 5000,
): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max: poolMax,
    statement_timeout: (!transactionPooling && statementTimeoutMs) || undefined,
    connectionTimeoutMillis: waitMs,
    // verify-full: the chain up to sslCa (or Node's CAs) and the host name against the certificate's names.
    ssl:
      sslMode === 'disable'
        ? undefined
        : sslMode === 'require'
          ? { rejectUnauthorized: false }
          : { rejectUnauthorized: true, ...(sslCa === undefined ? {} : { ca: sslCa }) },
  });
}

/** One connection to PostgreSQL itself (DATABASE_DIRECT_URL), past any pooler: what migrations use. */
export function directSettings(database: Config['database']): PoolSettings {
  return { ...database, url: database.directUrl, transactionPooling: false, poolMax: 1 };
}

export function createDatabase(pool: pg.Pool): Database {
  return drizzle(pool, { schema });
}
