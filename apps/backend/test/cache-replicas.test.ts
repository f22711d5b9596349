// A write on a replica that cannot reach Redis must not leave another replica serving the page it cached before:
// the invalidation goes through PostgreSQL (NOTIFY) to the replicas that can reach Redis.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@todo/local-stack/ports';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';
import { lookups, redisMissing, redisSuite, startRedis } from './support/redis.js';

describe.skipIf(!!redisMissing)(redisSuite('task list pages across replicas when one cannot reach Redis'), () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let cut: TestApp;
  let reaching: TestApp;
  let alice: TestUser;
  let listener: pg.Client;
  let notified = 0;

  beforeAll(async () => {
    redis = await startRedis();
    const env = { TASK_LIST_CACHE_TTL_SECONDS: '300', REDIS_TIMEOUT_MS: '5000' };
    reaching = await createTestApp({ ...env, REDIS_URL: redis.url });
    // Its Redis is a port nobody listens on: every command fails, as when its network to Redis is cut.
    cut = await createTestApp({ ...env, REDIS_URL: `redis://127.0.0.1:${await freePort()}` }, { replicaOf: reaching });
    alice = await signUp(reaching.app, 'alice');
    // What every replica hears: counted here.
    listener = new pg.Client({ connectionString: reaching.databaseUrl });
    await listener.connect();
    listener.on('notification', () => notified++);
    await listener.query('LISTEN task_list_invalidate');
  });
  afterAll(async () => {
    await listener?.end();
    await cut?.close();
    await reaching?.close();
    await redis?.stop();
  });

  const titles = async (app: TestApp) =>
    ((await as(app.app, alice)('GET', `/api/${alice.id}/tasks`)).json().items as { title: string }[]).map(
      (task) => task.title,
    );

  it('the other replica serves the write at once, not a page up to the TTL old (5 writes)', async () => {
    const expected: string[] = [];
    for (let i = 0; i < 5; i++) {
      expect(await titles(reaching)).toEqual(expected);
      const hits = await lookups(reaching.app, 'hit');
      expect(await titles(reaching)).toEqual(expected); // now cached
      expect(await lookups(reaching.app, 'hit')).toBe(hits + 1);

      const created = await as(cut.app, alice)('POST', `/api/${alice.id}/tasks`, { title: `written ${i}` });
      expect(created.statusCode).toBe(201);
      expected.unshift(`written ${i}`);
      // The notification travels through PostgreSQL: allow it a moment, far below the TTL.
      for (const deadline = Date.now() + 2000; Date.now() < deadline;) {
        if ((await titles(reaching)).length === expected.length) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await titles(reaching)).toEqual(expected);
    }
  });

  it('only the writes whose invalidation Redis missed go through PostgreSQL (5 writes on each replica)', async () => {
    const write = (app: TestApp, i: number) =>
      as(app.app, alice)('POST', `/api/${alice.id}/tasks`, { title: `counted ${i}` });
    const settled = async () => {
      // A notification is delivered within milliseconds; a round trip on the listener lets any in flight arrive.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await listener.query('SELECT 1');
      return notified;
    };
    const before = await settled();
    for (let i = 0; i < 5; i++) expect((await write(reaching, i)).statusCode).toBe(201);
    expect(await settled()).toBe(before);
    for (let i = 0; i < 5; i++) expect((await write(cut, i)).statusCode).toBe(201);
    expect(await settled()).toBe(before + 5);
  });
});
