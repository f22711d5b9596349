import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/libs/cli',
  resolve: { conditions: ['@todo/source'] },
  ssr: { resolve: { conditions: ['@todo/source'] } },
  test: {
    name: 'cli',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
