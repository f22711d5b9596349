import type { TestProject } from 'vitest/node';
import { startLocalPgbouncer, TRANSACTION_POOLING } from '@todo/local-stack/pgbouncer';
import { freePort } from '@todo/local-stack/ports';
import setupDatabase from './global-setup.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set in the pooled project: the server-level URL of a PgBouncer, configured as the chart does, in front of it. */
    poolerUrl: string;
  }
}

/** The test database of global-setup.ts, and a real PgBouncer in front of it with the chart's settings. */
export default async function setup(project: TestProject) {
  const stopDatabase = await setupDatabase(project);
  const direct = new URL(project.getProvidedContext().postgresUrl);
  const pooler = await startLocalPgbouncer({
    port: await freePort(),
    serverPort: Number(direct.port),
    user: decodeURIComponent(direct.username),
    password: decodeURIComponent(direct.password),
    ...TRANSACTION_POOLING,
  });
  project.provide('poolerUrl', pooler.url('postgres'));
  return async () => {
    await pooler.stop();
    await stopDatabase();
  };
}
