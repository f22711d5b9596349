import { configDefaults, defineConfig } from 'vitest/config';
import { pgbouncerMissing as missingPgbouncer } from '@todo/local-stack/pgbouncer';

/**
 * A representative part of the suite again through a real PgBouncer in transaction mode (the chart's
 * settings, TRANSACTION_POOLING of @todo/local-stack/pgbouncer): tasks, auth, lists, audit, isolation, chat and the MCP tools.
 */
const pooled = [
  'test/tasks.test.ts',
  'test/auth.test.ts',
  'test/listing.test.ts',
  'test/audit.test.ts',
  'test/isolation.test.ts',
  'test/chat.test.ts',
  'test/mcp-tools.test.ts',
];
/** The pooler's own tests (200 clients on 20 server connections): in the pooled project only. */
const poolerOnly = ['test/pooler.test.ts'];
const pgbouncerMissing = missingPgbouncer();
if (pgbouncerMissing) console.warn(`backend-pooled skipped: ${pgbouncerMissing}`);

export default defineConfig({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/apps/backend',
  resolve: { conditions: ['@todo/source'] },
  ssr: { resolve: { conditions: ['@todo/source'] } },
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'backend',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...poolerOnly],
          globalSetup: ['test/global-setup.ts'],
        },
      },
      ...(pgbouncerMissing
        ? []
        : [
            {
              extends: true as const,
              test: {
                name: 'backend-pooled',
                include: [...pooled, ...poolerOnly],
                globalSetup: ['test/global-setup-pooled.ts'],
              },
            },
          ]),
    ],
  },
});
