import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '@todo/local-stack/ports';
import { startLocalPostgres } from '@todo/local-stack/postgres';
import { createPool } from '../src/db/client.js';
import { runMigrations } from '../src/db/migrate.js';
import { TEMPLATE_DATABASE, MIGRATIONS } from './support/constants.js';
import { endPool } from './support/pool.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** One real PostgreSQL for the run; a migrated template database that each test file clones. */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), 'todo-test-pg-'));
  await chmod(dataDir, 0o755); // PostgreSQL runs as its own OS user when the tests run as root
  const postgres = await startLocalPostgres({ dataDir, port: await freePort(), ephemeral: true });
  await postgres.createDatabase(TEMPLATE_DATABASE);
  const pool = createPool({
    url: postgres.url(TEMPLATE_DATABASE),
    poolMax: 1,
    statementTimeoutMs: 0,
    sslMode: 'disable',
    transactionPooling: false,
  });
  await runMigrations(pool, MIGRATIONS);
  await endPool(pool);
  project.provide('postgresUrl', postgres.url('postgres'));

  return async () => {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
