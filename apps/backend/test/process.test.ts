import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { databaseAdmin } from '@todo/local-stack/postgres';
import { freePort } from '@todo/local-stack/ports';
import { TEMPLATE_DATABASE } from './support/constants.js';
import { get, startServer, waitUntilReady } from './support/process.js';

const admin = () => databaseAdmin(inject('postgresUrl'));
const database = `process_${randomUUID().replaceAll('-', '')}`;

beforeAll(() => admin().createDatabase(database, TEMPLATE_DATABASE));
afterAll(() => admin().dropDatabase(database));

// Each test starts the built server, which can take seconds on a loaded machine.
describe('the server process', { timeout: 60_000 }, () => {
  it('exits 1 with one line naming a bad variable', async () => {
    const server = startServer({ DATABASE_URL: admin().url(database), PORT: 'eighty' });
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.output().stderr.trim().split('\n')).toEqual([
      'Configuration error: PORT must be a whole number from 1 to 65535 (got "eighty")',
    ]);
  });

  it('exits 1 naming DATABASE_URL when it is missing', async () => {
    const server = startServer({});
    expect((await server.exited).code).toBe(1);
    expect(server.output().stderr).toContain('DATABASE_URL is required');
  });

  it('on SIGTERM: readiness fails at once, the in-flight request finishes, then it exits 0', async () => {
    const port = await freePort();
    const drainMs = 1000;
    const server = startServer({
      DATABASE_URL: admin().url(database),
      PORT: String(port),
      SHUTDOWN_DRAIN_MS: String(drainMs),
    });
    await waitUntilReady(port, server.child);

    // A sign-up whose body is still arriving when the signal comes, and still after the drain delay ends.
    const body = JSON.stringify({
      email: `drain-${Date.now()}@example.test`,
      password: 'long enough password',
      name: 'Drain',
    });
    const inFlight = new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method: 'POST', path: '/api/auth/sign-up/email', agent: false },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.setHeader('content-type', 'application/json');
      req.setHeader('content-length', Buffer.byteLength(body));
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), drainMs + 800);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const readiness = await get(port, '/readyz');
    expect(readiness.status).toBe(503);
    expect(JSON.parse(readiness.body)).toEqual({ status: 'not_ready', reason: 'shutting down' });
    expect((await get(port, '/healthz')).status).toBe(200);

    expect(await inFlight).toBe(200);
    const { code, at } = await server.exited;
    expect(code).toBe(0);
    expect(at - signalledAt).toBeGreaterThanOrEqual(drainMs);
    expect(server.output().stdout).toContain('shut down cleanly');
  });

  it('migrates at start-up when MIGRATE_ON_START=true', async () => {
    const fresh = `fresh_${randomUUID().replaceAll('-', '')}`;
    await admin().createDatabase(fresh);
    const port = await freePort();
    const server = startServer({
      DATABASE_URL: admin().url(fresh),
      PORT: String(port),
      MIGRATE_ON_START: 'true',
      SHUTDOWN_DRAIN_MS: '0',
    });
    try {
      await waitUntilReady(port, server.child);
    } finally {
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
      await admin().dropDatabase(fresh);
    }
  });

  it('loads the API reference and the password dictionaries from the bundles beside server.cjs when first used', async () => {
    const port = await freePort();
    const server = startServer({ DATABASE_URL: admin().url(database), PORT: String(port), API_DOCS: 'true' });
    try {
      await waitUntilReady(port, server.child);
      const page = await get(port, '/docs/');
      expect(page.status).toBe(200);
      expect(page.body).toContain('/docs/js/scalar.js');
      const script = await get(port, '/docs/js/scalar.js');
      expect(script.status).toBe(200);
      expect(script.body.length).toBeGreaterThan(1_000_000);
      expect(await get(port, '/docs')).toMatchObject({ status: 301 });

      const signUp = (password: string) =>
        fetch(`http://127.0.0.1:${port}/api/auth/sign-up/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `bundle-${randomUUID()}@example.test`, password, name: 'Bundle' }),
        }).then(async (response) => ({ status: response.status, body: await response.json() }));
      expect(await signUp('password1234')).toMatchObject({ status: 400, body: { code: 'PASSWORD_TOO_WEAK' } });
      expect((await signUp('long enough password')).status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    }
  });

  it('runs the MCP tools from their bundle beside server.cjs: a not-found task stays a tool error', async () => {
    const port = await freePort();
    const server = startServer({ DATABASE_URL: admin().url(database), PORT: String(port) });
    const origin = `http://127.0.0.1:${port}`;
    try {
      await waitUntilReady(port, server.child);
      const signUp = await fetch(`${origin}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: `mcp-${randomUUID()}@example.test`,
          password: 'long enough password',
          name: 'M',
        }),
      });
      const { token } = (await signUp.json()) as { token: string };
      const call = (name: string, args: Record<string, unknown>) =>
        fetch(`${origin}/mcp`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
        }).then(
          (response) => response.json() as Promise<{ result: { isError?: boolean; content: { text: string }[] } }>,
        );
      const added = await call('add_task', { title: 'From the bundle' });
      expect(added.result.isError).toBeFalsy();
      expect(await call('complete_task', { task_id: 2_000_000_000 })).toMatchObject({
        result: { isError: true, content: [{ text: 'Task not found' }] },
      });
    } finally {
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    }
  });
});
