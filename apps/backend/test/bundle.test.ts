import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The build (`nx build backend`, which the test target runs first): what start-up does not need stays out of main.mjs.
const dist = join(import.meta.dirname, '../dist');
const modules = (file: string) =>
  new Set(
    [...readFileSync(join(dist, file), 'utf8').matchAll(/^\/\/ (?:\.\.\/)*node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map(
      ([, name]) => name,
    ),
  );

describe('the backend bundle', () => {
  const main = modules('main.mjs');

  it.each([
    ['plugins/external/scalar.mjs', '@scalar/fastify-api-reference'],
    ['auth/password-strength.mjs', '@zxcvbn-ts/language-common'],
    ['auth/password-strength.mjs', '@zxcvbn-ts/core'],
    ['tracing.mjs', '@opentelemetry/sdk-trace-node'],
    ['plugins/external/otel.mjs', '@fastify/otel'],
  ])('puts %s, with %s, beside main.mjs, not in it', (file, name) => {
    expect(modules(file)).toContain(name);
    expect(main).not.toContain(name);
  });

  it('keeps main.mjs under 9 MB (16.7 MB with everything in it)', () => {
    expect(statSync(join(dist, 'main.mjs')).size).toBeLessThan(9 * 1024 * 1024);
  });
});
