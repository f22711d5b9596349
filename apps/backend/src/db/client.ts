import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Config } from '../config.js';
import * as schema from './schema.js';

export type Database = NodePgDatabase<typeof schema>;

/**
 * The pool of the API, of `migrate` and of the readiness probe alike, so all reach the database with the same TLS
 * settings. `waitMs`: how long a query waits for a connection before failing (the API answers that with 503).
 */
export function createPool(
  { url, poolMax, statementTimeoutMs, sslMode, sslCa }: Config['database'],
  waitMs = 5000,
): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max: poolMax,
    statement_timeout: statementTimeoutMs || undefined,
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

export function createDatabase(pool: pg.Pool): Database {
  return drizzle(pool, { schema });
}
