import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  cacheDir: '../node_modules/.vite/deploy',
  resolve: { conditions: ['@todo/source'] },
  ssr: { resolve: { conditions: ['@todo/source'] } },
  test: {
    name: 'deploy',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
