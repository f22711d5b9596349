// Failures answered for what they are, against the real database: overload (a statement cut by the timeout, no
// pool connection in time) and an unreachable database are 503 with Retry-After, a token of a deleted account is
// 401, and readiness does not wait behind the application's queries.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createPool } from '../src/db/client.js';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';
import { MIGRATIONS } from './support/constants.js';

let t: TestApp;
let alice: TestUser;

beforeAll(async () => {
  t = await createTestApp({ DATABASE_POOL_MAX: '2', DATABASE_STATEMENT_TIMEOUT_MS: '300' });
  alice = await signUp(t.app, 'alice');
});
afterAll(() => t.close());

const expectUnavailable = (response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) => {
  expect(response.statusCode).toBe(503);
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  expect(response.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
};

describe('honest failures', () => {
  it('a statement cut by the statement timeout answers 503 with Retry-After', async () => {
    const task = (await as(t.app, alice)('POST', `/api/${alice.id}/tasks`, { title: 'locked' })).json();
    const locker = new pg.Client({ connectionString: t.databaseUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM tasks WHERE id = $1 FOR UPDATE', [task.id]);
      expectUnavailable(await as(t.app, alice)('PUT', `/api/${alice.id}/tasks/${task.id}`, { title: 'waits' }));
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('no pool connection within the wait answers 503, and /readyz still answers at once', async () => {
    const held = [await t.app.pool.connect(), await t.app.pool.connect()];
    try {
      const started = Date.now();
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(Date.now() - started).toBeLessThan(1000);
      expectUnavailable(await as(t.app, alice)('GET', `/api/${alice.id}/tasks`));
    } finally {
      for (const client of held) client.release();
    }
  }, 20_000);

  it('a valid JWT of a deleted account answers 401, not 500', async () => {
    const gone = await signUp(t.app, 'gone');
    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    await db.query('DELETE FROM "user" WHERE id = $1', [gone.id]);
    await db.end();
    const response = await as(t.app, gone)('POST', `/api/${gone.id}/tasks`, { title: 'orphan' });
    expect(response.statusCode, response.body).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it('an unreachable database while loading the JWT keys answers 503, not 401', async () => {
    const config = { ...t.config, database: { ...t.config.database, url: 'postgres://nobody@127.0.0.1:1/none' } };
    const app = await buildApp({ config, pool: createPool(config.database), migrationsFolder: MIGRATIONS });
    await app.ready();
    try {
      const response = await app.inject({
        method: 'GET',
        url: `/api/${alice.id}/tasks`,
        headers: { authorization: `Bearer ${alice.jwt}` },
      });
      expectUnavailable(response);
    } finally {
      await app.close();
    }
  });
});
