import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/tools/helm-ts-lint',
  resolve: { conditions: ['@todo/source'] },
  ssr: { resolve: { conditions: ['@todo/source'] } },
  test: {
    name: 'helm-ts-lint',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // The first lint of a CloudNativePG resource compiles its operator's CRD schema (hundreds of kB): seconds here.
    testTimeout: 30_000,
  },
});
