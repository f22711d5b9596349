import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/apps/frontend',
  resolve: { conditions: ['@todo/source'], alias: { '@/': `${import.meta.dirname}/src/` } },
  ssr: { resolve: { conditions: ['@todo/source'] } },
  test: {
    name: 'frontend',
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});
