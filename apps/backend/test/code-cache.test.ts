import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { databaseAdmin } from '@todo/local-stack/postgres';
import { freePort } from '@todo/local-stack/ports';
import { TEMPLATE_DATABASE } from './support/constants.js';
import { startServer, waitUntilReady } from './support/process.js';

// V8's code cache of the server bundle (src/main.ts), on a copy of the build: `compile` writes it, a start runs from
// it, and a cache made from another bundle is never used, not even one V8 would take (its check is the length only).
const admin = () => databaseAdmin(inject('postgresUrl'));
const database = `code_cache_${randomUUID().replaceAll('-', '')}`;
let root: string;
let main: string;

/** Runs the copy's main.cjs with no configuration: it stops at the configuration check, after loading the bundle. */
async function load(): Promise<string> {
  const failed = await promisify(execFile)(process.execPath, [main], {
    env: { PATH: process.env.PATH, NODE_DEBUG: 'code-cache' },
  }).catch((error: { stderr: string }) => error);
  expect(failed.stderr).toContain('Configuration error: DATABASE_URL is required');
  return failed.stderr;
}

beforeAll(async () => {
  await admin().createDatabase(database, TEMPLATE_DATABASE);
  root = await mkdtemp(join(tmpdir(), 'code-cache-'));
  // Without a cache a `compile` in the build folder (or a bench run) may have left there.
  await cp(join(import.meta.dirname, '../dist'), join(root, 'dist'), {
    recursive: true,
    filter: (source) => !source.endsWith('.cache'),
  });
  await symlink(join(import.meta.dirname, '../migrations'), join(root, 'migrations'));
  main = join(root, 'dist/main.cjs');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await admin().dropDatabase(database);
});

describe('the code cache of the server bundle', { timeout: 60_000 }, () => {
  it('is not there until `compile` writes it', async () => {
    expect(await load()).toContain(`no cache at ${join(root, 'dist/server.cjs.cache')}`);
    const { stdout } = await promisify(execFile)(process.execPath, [main, 'compile'], {
      env: { PATH: process.env.PATH },
    });
    expect(stdout).toContain(`written to ${join(root, 'dist/server.cjs.cache')}`);
    expect(await load()).toContain('cache accepted by V8');
  });

  it('serves from the cache: ready, and a sign-up goes through Better Auth', async () => {
    const port = await freePort();
    const server = startServer(
      { DATABASE_URL: admin().url(database), PORT: String(port), NODE_DEBUG: 'code-cache' },
      main,
    );
    try {
      await waitUntilReady(port, server.child);
      const signUp = await fetch(`http://127.0.0.1:${port}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'cached@example.test', password: 'long enough password', name: 'Cached' }),
      });
      expect(signUp.status).toBe(200);
      expect(server.output().stderr).toContain('cache accepted by V8');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('is not used for another bundle, even one of the same length', async () => {
    const bundle = join(root, 'dist/server.cjs');
    const source = await readFile(bundle, 'utf8');
    const edited = source.replace('"use strict"', '"use strixt"');
    expect(edited).not.toBe(source);
    expect(edited.length).toBe(source.length);
    await writeFile(bundle, edited);
    expect(await load()).toContain('server.cjs.cache was made from another bundle: not used');
  });
});
