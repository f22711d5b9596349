import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/tools/docs-check',
  resolve: { conditions: ['@todo/source'] },
  ssr: { resolve: { conditions: ['@todo/source'] } },
  test: {
    name: 'docs-check',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
