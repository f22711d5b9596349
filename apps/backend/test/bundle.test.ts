import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The build (`nx build backend`, which the test target runs first): what start-up does not need stays out of the
// server bundle (server.cjs).
const dist = join(import.meta.dirname, '../dist');
/** The packages a (minified) bundle holds code of, from its source map. */
const modules = (file: string) =>
  new Set(
    (JSON.parse(readFileSync(join(dist, `${file}.map`), 'utf8')) as { sources: string[] }).sources.flatMap(
      (source) => source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1] ?? [],
    ),
  );

describe('the backend bundle', () => {
  const server = modules('server.cjs');

  it.each([
    ['plugins/external/scalar.cjs', '@scalar/fastify-api-reference'],
    ['auth/password-strength.cjs', '@zxcvbn-ts/language-common'],
    ['auth/password-strength.cjs', '@zxcvbn-ts/core'],
    ['tracing.cjs', '@opentelemetry/sdk-trace-node'],
    ['plugins/external/otel.cjs', '@fastify/otel'],
    ['mcp/runtime.cjs', '@modelcontextprotocol/sdk'],
  ])('puts %s, with %s, beside server.cjs, not in it', (file, name) => {
    expect(modules(file)).toContain(name);
    expect(server).not.toContain(name);
  });

  it('keeps server.cjs minified, under 4 MB (8.4 MB unminified, 16.7 MB with everything in it)', () => {
    expect(statSync(join(dist, 'server.cjs')).size).toBeLessThan(4 * 1024 * 1024);
  });
});
