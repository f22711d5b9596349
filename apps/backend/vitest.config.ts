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
/**
 * Files that need a worker of their own: those that replace a module (`vi.mock`), and the one that measures the
 * process's memory, which other files' work would move.
 */
const isolated = ['test/audit-completeness.test.ts', 'test/openapi.test.ts', 'src/chat/agent.test.ts'];
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
    // The files of a worker share its modules instead of importing the app afresh each (that import was a third of
    // the suite's time); each file still has a database of its own, and restores what it changes (fake timers).
    isolate: false,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'backend',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...poolerOnly, ...isolated],
          globalSetup: ['test/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'backend-isolated',
          include: isolated,
          isolate: true,
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
