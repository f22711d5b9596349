import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { databaseAdmin } from '@todo/local-stack/postgres';
import { freePort } from '@todo/local-stack/ports';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createPool } from '../src/db/client.js';
import { migrationsApplied, runMigrations } from '../src/db/migrate.js';
import { MIGRATIONS } from './support/constants.js';
import { as, createTestApp, signUp, type TestApp } from './support/app.js';
import { endPool } from './support/pool.js';

let t: TestApp;
beforeAll(async () => (t = await createTestApp()));
afterAll(() => t.close());

/** The app on a database the test controls (empty, or unreachable). */
async function appOn(databaseUrl: string) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl });
  return buildApp({ config, pool: createPool(config.database), migrationsFolder: MIGRATIONS });
}

describe('a lost database connection', () => {
  it('inside a transaction, between two queries, is logged and the app serves on', async () => {
    const client = await t.app.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // The server closes the socket; the client, with no query running, reports it as an 'error' event.
      const ended = new Promise((resolve) => client.once('end', resolve));
      const admin = new pg.Client({ connectionString: t.databaseUrl });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      await admin.end();
      await ended;
    } finally {
      client.release(true);
    }
    expect((await t.app.inject('/readyz')).statusCode).toBe(200);
  });
});

describe('health', () => {
  it('/healthz answers while the process lives', async () => {
    const response = await t.app.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is ready with a reachable, migrated database', async () => {
    const response = await t.app.inject('/readyz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready' });
  });

  it('/readyz is 503 while draining', async () => {
    t.app.draining = true;
    const response = await t.app.inject('/readyz');
    t.app.draining = false;
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'not_ready', reason: 'shutting down' });
  });

  it('/readyz is 503 when the database is unreachable, and /healthz stays 200', async () => {
    const app = await appOn(`postgres://postgres:postgres@127.0.0.1:${await freePort()}/none`);
    try {
      const ready = await app.inject('/readyz');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'not_ready', reason: 'database unreachable' });
      expect((await app.inject('/healthz')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('/readyz is 503 until migrations are applied, then ready', async () => {
    const admin = databaseAdmin(inject('postgresUrl'));
    const name = `empty_${randomUUID().replaceAll('-', '')}`;
    await admin.createDatabase(name);
    const app = await appOn(admin.url(name));
    try {
      const before = await app.inject('/readyz');
      expect(before.statusCode).toBe(503);
      expect(before.json().reason).toBe('database migrations pending');
      await runMigrations(app.pool, MIGRATIONS);
      expect((await app.inject('/readyz')).statusCode).toBe(200);
    } finally {
      await app.close();
      await admin.dropDatabase(name);
    }
  });
});

describe('migrations', () => {
  it('build the schema from an empty database, idempotently and safely in parallel', async () => {
    const admin = databaseAdmin(inject('postgresUrl'));
    const name = `migrate_${randomUUID().replaceAll('-', '')}`;
    await admin.createDatabase(name);
    const pool = createPool({
      url: admin.url(name),
      poolMax: 4,
      statementTimeoutMs: 0,
      sslMode: 'disable',
      transactionPooling: false,
    });
    try {
      expect(await migrationsApplied(pool, MIGRATIONS)).toBe(false);
      await Promise.all([runMigrations(pool, MIGRATIONS), runMigrations(pool, MIGRATIONS)]);
      await runMigrations(pool, MIGRATIONS);
      expect(await migrationsApplied(pool, MIGRATIONS)).toBe(true);
      const { rows } = await pool.query<{ tablename: string }>(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      );
      expect(rows.map((r) => r.tablename)).toEqual([
        'account',
        'audit_events',
        'conversations',
        'jwks',
        'messages',
        'oauth_access_token',
        'oauth_client',
        'oauth_client_assertion',
        'oauth_client_resource',
        'oauth_consent',
        'oauth_refresh_token',
        'oauth_resource',
        'session',
        'tasks',
        'user',
        'verification',
      ]);
      const indexes = await pool.query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'tasks'",
      );
      expect(indexes.rows.map((r) => r.indexname)).toEqual(
        expect.arrayContaining([
          'tasks_user_completed_idx',
          'tasks_user_due_idx',
          'tasks_user_tags_idx',
          'tasks_title_trgm_idx',
          'tasks_user_updated_idx',
          'tasks_user_priority_idx',
          'tasks_user_due_order_idx',
        ]),
      );
    } finally {
      await endPool(pool);
      await admin.dropDatabase(name);
    }
  });
});

describe('migrations under a statement timeout', () => {
  it('wait for another instance that migrates longer than the statement timeout, then apply', async () => {
    const admin = databaseAdmin(inject('postgresUrl'));
    const name = `lock_${randomUUID().replaceAll('-', '')}`;
    await admin.createDatabase(name);
    const pool = createPool({
      url: admin.url(name),
      poolMax: 2,
      statementTimeoutMs: 200,
      sslMode: 'disable',
      transactionPooling: false,
    });
    const other = new pg.Client({ connectionString: admin.url(name) });
    await other.connect();
    try {
      // The other instance holds the migration lock for five statement timeouts.
      await other.query('SELECT pg_advisory_lock(7246513)');
      const released = new Promise((resolve) => setTimeout(resolve, 1000)).then(() =>
        other.query('SELECT pg_advisory_unlock(7246513)'),
      );
      await runMigrations(pool, MIGRATIONS);
      await released;
      expect(await migrationsApplied(pool, MIGRATIONS)).toBe(true);
      // The pool's connections keep the statement timeout afterwards.
      const { rows } = await pool.query<{ statement_timeout: string }>('SHOW statement_timeout');
      expect(rows[0].statement_timeout).toBe('200ms');
    } finally {
      await other.end();
      await endPool(pool);
      await admin.dropDatabase(name);
    }
  });
});

describe('metrics', () => {
  it('exposes default metrics and requests by route pattern and status', async () => {
    const user = await signUp(t.app, 'metrics');
    await as(t.app, user)('GET', `/api/${user.id}/tasks`);
    await as(t.app, user)('GET', `/api/${user.id}/tasks/424242`);
    const response = await t.app.inject('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/:user_id\/tasks",status_code="200"\} 1/);
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/:user_id\/tasks\/:id",status_code="404"\} 1/,
    );
    expect(text).not.toContain(user.id);
  });

  it('counts auth outcomes, task operations, pool connections and query durations', async () => {
    const user = await signUp(t.app, 'counted');
    const call = as(t.app, user);
    const { id } = (await call('POST', `/api/${user.id}/tasks`, { title: 'counted' })).json();
    await call('PATCH', `/api/${user.id}/tasks/${id}/complete`);
    await call('DELETE', `/api/${user.id}/tasks/${id}`);
    await call('DELETE', `/api/${user.id}/tasks/${id}`); // 404: not counted
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: user.email, password: 'wrong password' },
    });
    const text = (await t.app.inject('/metrics')).body;
    const value = (pattern: RegExp) => Number(text.match(pattern)?.[1] ?? NaN);
    expect(value(/auth_attempts_total\{action="sign-up",outcome="success"\} (\d+)/)).toBeGreaterThanOrEqual(1);
    expect(value(/auth_attempts_total\{action="sign-in",outcome="failure"\} (\d+)/)).toBe(1);
    for (const operation of ['create', 'complete', 'delete']) {
      expect(value(new RegExp(`task_operations_total\\{operation="${operation}"\\} (\\d+)`)), operation).toBe(1);
    }
    expect(text).toMatch(/db_pool_connections\{state="idle"\} \d+/);
    expect(text).toMatch(/db_pool_connections\{state="waiting"\} 0/);
    expect(value(/db_query_duration_seconds_count\{operation="insert"\} (\d+)/)).toBeGreaterThanOrEqual(2);
    expect(value(/db_query_duration_seconds_count\{operation="delete"\} (\d+)/)).toBeGreaterThanOrEqual(2);
  });
});
