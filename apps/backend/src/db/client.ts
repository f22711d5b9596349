import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Config } from '../config.js';
import * as schema from './schema.js';

export type Database = NodePgDatabase<typeof schema>;

export function createPool({ url, poolMax, statementTimeoutMs, sslMode }: Config['database']): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max: poolMax,
    statement_timeout: statementTimeoutMs || undefined,
    connectionTimeoutMillis: 5000,
    ssl: sslMode === 'disable' ? undefined : { rejectUnauthorized: sslMode === 'verify-full' },
  });
}

export function createDatabase(pool: pg.Pool): Database {
  return drizzle(pool, { schema });
}
