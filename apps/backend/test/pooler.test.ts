// Only in the pooled project (vitest.config.ts): the app behind a real PgBouncer configured as the chart configures
// it (transaction mode, 20 server connections), and 200 clients on those 20 connections.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSACTION_POOLING } from '@todo/local-stack/pgbouncer';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

const CLIENTS = 200;
const SERVER_CONNECTIONS = Number(TRANSACTION_POOLING.settings.default_pool_size); // database.pooler.poolSize
let t: TestApp;
let alice: TestUser;

beforeAll(async () => {
  t = await createTestApp({ DATABASE_POOL_MAX: String(CLIENTS) });
  alice = await signUp(t.app, 'alice');
});
afterAll(() => t.close());

/** Server connections PostgreSQL holds for the test's database, sampled until `work` ends; the highest count. */
async function peakServerConnections(work: Promise<unknown>): Promise<number> {
  const direct = new pg.Client({ connectionString: t.config.database.directUrl });
  await direct.connect();
  let peak = 0;
  let done = false;
  void work.finally(() => (done = true)).catch(() => undefined);
  try {
    while (!done) {
      const { rows } = await direct.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      peak = Math.max(peak, rows[0].n);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await direct.end();
  }
  return peak;
}

describe('through PgBouncer in transaction mode', () => {
  it('reaches PostgreSQL through the pooler, whose server connections carry the statement timeout', async () => {
    expect(t.config.database.transactionPooling).toBe(true);
    expect(new URL(t.config.database.url).port).not.toBe(new URL(t.config.database.directUrl).port);
    const { rows } = await t.app.pool.query<{ statement_timeout: string }>('SHOW statement_timeout');
    expect(rows[0].statement_timeout).toBe('10s');
  });

  it(`serves ${CLIENTS} concurrent writes on ${SERVER_CONNECTIONS} server connections, without an error`, async () => {
    const call = as(t.app, alice);
    const writes = Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => call('POST', `/api/${alice.id}/tasks`, { title: `task ${i}` })),
    );
    const peak = await peakServerConnections(writes);
    const statuses = (await writes).map((response) => response.statusCode);
    expect(statuses.filter((status) => status !== 201)).toEqual([]);
    expect(peak).toBeLessThanOrEqual(SERVER_CONNECTIONS);
    const listed = await call('GET', `/api/${alice.id}/tasks?limit=100`);
    expect(listed.json().items).toHaveLength(100);
    console.log(`${CLIENTS} concurrent writes through PgBouncer: peak ${peak} server connections`);
  });

  it(`holds ${CLIENTS} client connections in transactions at once on ${SERVER_CONNECTIONS} server connections`, async () => {
    const clients = Array.from({ length: CLIENTS }, () => new pg.Client({ connectionString: t.config.database.url }));
    await Promise.all(clients.map((client) => client.connect()));
    try {
      const work = Promise.all(
        clients.map(async (client, i) => {
          for (let round = 0; round < 3; round++) {
            await client.query('BEGIN');
            await client.query('SELECT pg_sleep(0.005)');
            const { rows } = await client.query<{ n: number }>('SELECT $1::int + 1 AS n', [i]);
            expect(rows[0].n).toBe(i + 1);
            await client.query('COMMIT');
          }
        }),
      );
      const peak = await peakServerConnections(work);
      await work;
      expect(peak).toBeLessThanOrEqual(SERVER_CONNECTIONS);
      expect(peak).toBeGreaterThan(1);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });
});
