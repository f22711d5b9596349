import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';

/** Arbitrary constant: every instance takes the same advisory lock, so replicas migrate one at a time. */
const MIGRATION_LOCK_ID = 7_246_513;

/**
 * Applies every pending migration under `folder` (drizzle-kit output); safe to run from many processes at once.
 * Neither the wait for another instance's migration nor a long migration is cut by the pool's statement timeout:
 * this session has none until it is done.
 */
export async function runMigrations(pool: pg.Pool, folder: URL): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SET statement_timeout = 0');
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migrate(drizzle(client), { migrationsFolder: fileURLToPath(folder) });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await client.query('RESET statement_timeout').catch(() => undefined);
    client.release();
  }
}

/** True when the newest migration of the journal is recorded in the database. */
export async function migrationsApplied(pool: pg.Pool, folder: URL): Promise<boolean> {
  const journal = JSON.parse(await readFile(new URL('meta/_journal.json', folder), 'utf8')) as {
    entries: { when: number }[];
  };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  try {
    const { rows } = await pool.query<{ latest: string | null }>(
      'SELECT max(created_at) AS latest FROM drizzle.__drizzle_migrations',
    );
    return Number(rows[0]?.latest ?? 0) >= newest;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return false; // no migrations table yet
    throw error;
  }
}
