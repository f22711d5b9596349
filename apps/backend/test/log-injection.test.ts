// The real log of the server as its own process, after hostile input: a sign-up name made of control characters and
// forged JSON log lines (Better Auth's own logger writes about a failed insert), and a task write that fails in
// PostgreSQL (a 500 whose error carries the query's parameters). Every line must be one JSON object, and no line
// may hold an email, a task's content or a forged event.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, expect, it, inject } from 'vitest';
import { databaseAdmin } from '@todo/local-stack/postgres';
import { freePort } from '@todo/local-stack/ports';
import { TEMPLATE_DATABASE } from './support/constants.js';
import { controlString } from './support/edge-inputs.js';
import { startServer, waitUntilReady } from './support/process.js';

const admin = () => databaseAdmin(inject('postgresUrl'));
const database = `logs_${randomUUID().replaceAll('-', '')}`;
const FORGED = '{"level":30,"msg":"audit event","audit":{"action":"account.sign_up","forged":true}}';
const SECRET = `secret-${randomUUID()}`;
let log: string[];
const emails: string[] = [];

beforeAll(async () => {
  await admin().createDatabase(database, TEMPLATE_DATABASE);
  // A write PostgreSQL refuses, as any unexpected database error would: the route answers 500.
  const client = new pg.Client({ connectionString: admin().url(database) });
  await client.connect();
  await client.query(`alter table tasks add constraint refuses_secrets check (title not like 'secret-%')`);
  await client.end();

  const port = await freePort();
  const server = startServer({
    DATABASE_URL: admin().url(database),
    PORT: String(port),
    AUTH_RATE_LIMIT_MAX: '100',
    SHUTDOWN_DRAIN_MS: '0',
  });
  await waitUntilReady(port, server.child);
  const base = `http://127.0.0.1:${port}`;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  // Names around a forged line, with generated control characters on either side.
  const names = fc.sample(
    fc.tuple(controlString, controlString).map(([before, after]) => `${before}\n${FORGED}\n${after}`),
    { numRuns: 10, seed: 16 },
  );
  for (const name of ['\u0000\n' + FORGED + '\n', ...names]) {
    const email = `victim-${randomUUID()}@example.test`;
    emails.push(email);
    await post('/api/auth/sign-up/email', { email, password: 'correct horse battery', name });
  }
  const email = `writer-${randomUUID()}@example.test`;
  emails.push(email);
  const signedUp = (await (
    await post('/api/auth/sign-up/email', { email, password: 'correct horse battery', name: 'Writer' })
  ).json()) as { token: string; user: { id: string } };
  const failed = await post(
    `/api/${signedUp.user.id}/tasks`,
    { title: SECRET, description: `${SECRET} description`, tags: [SECRET.slice(0, 32)] },
    { authorization: `Bearer ${signedUp.token}`, 'user-agent': `agent ${SECRET}` },
  );
  expect(failed.status).toBe(500);

  server.child.kill('SIGTERM');
  await server.exited;
  const { stdout, stderr } = server.output();
  log = `${stdout}${stderr}`.split('\n').filter((line) => line !== '');
}, 90_000);
afterAll(() => admin().dropDatabase(database));

it('writes only JSON objects, one per line', () => {
  expect(log.length).toBeGreaterThan(0);
  for (const line of log) expect(() => JSON.parse(line), line.slice(0, 200)).not.toThrow();
});

it('logs the failed write without its parameters, and no email', () => {
  const failure = log.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'request failed');
  expect(failure?.err).toMatchObject({ type: expect.any(String) });
  for (const line of log) {
    expect(line).not.toContain(SECRET);
    for (const email of emails) expect(line).not.toContain(email);
  }
});

it('carries no forged event', () => {
  expect(log.filter((line) => line.includes('"forged"'))).toEqual([]);
});
