import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';
import { lookups, redisMissing, redisSuite, startRedis } from './support/redis.js';

// Long enough that a loaded machine does not time out a healthy Redis; short beside a stall (seconds per command).
const TIMEOUT_MS = 1000;

describe.skipIf(!!redisMissing)(redisSuite('Redis going away'), () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let t: TestApp;
  let alice: TestUser;
  const logs: { level: number; msg: string }[] = [];
  const statuses: number[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    t = await createTestApp(
      {
        REDIS_URL: redis.url,
        REDIS_TIMEOUT_MS: String(TIMEOUT_MS),
        TASK_LIST_CACHE_TTL_SECONDS: '300',
        LOG_LEVEL: 'info',
      },
      { logStream: { write: (line) => logs.push(JSON.parse(line)) } },
    );
    alice = await signUp(t.app, 'alice');
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  /** A request as `user`, timed; every status is kept to check that none was a 5xx. */
  async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: object, user = alice) {
    const started = Date.now();
    const response = await as(t.app, user, 'session')(method, path, body);
    statuses.push(response.statusCode);
    return { status: response.statusCode, json: () => response.json(), ms: Date.now() - started };
  }
  const titles = async () => {
    const response = await call('GET', `/api/${alice.id}/tasks`);
    expect(response.status).toBe(200);
    return (response.json().items as { title: string }[]).map((task) => task.title);
  };
  const signIn = async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: alice.email, password: 'correct horse battery' },
    });
    statuses.push(response.statusCode);
    return { ...alice, sessionToken: (response.json() as { token: string }).token };
  };
  const signOut = async (user: TestUser) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { authorization: `Bearer ${user.sessionToken}`, origin: t.config.auth.url },
    });
    statuses.push(response.statusCode);
    return response.statusCode;
  };
  /** Log lines from `from` on that start with `text`. */
  const messages = (text: string, from = 0) => logs.slice(from).filter((line) => line.msg.startsWith(text));
  /** Lists until the cache answers (Redis reconnects within about a second), then returns the titles. */
  async function untilCached(): Promise<string[]> {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
      const hits = await lookups(t.app, 'hit');
      const listed = await titles();
      if ((await lookups(t.app, 'hit')) > hits) return listed;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the cache was not used again');
  }

  it('killed: every request is served from the database without errors; restarted: the cache is used again', async () => {
    await call('POST', `/api/${alice.id}/tasks`, { title: 'Before' });
    await titles();
    expect(await untilCached()).toEqual(['Before']);

    const killedAt = logs.length;
    await redis.kill();
    const created = await call('POST', `/api/${alice.id}/tasks`, { title: 'During' });
    expect(created.status).toBe(201);
    expect(await titles()).toEqual(['During', 'Before']);
    expect((await call('PATCH', `/api/${alice.id}/tasks/${created.json().id}/complete`, {})).status).toBe(200);
    const signedIn = await signIn(); // the session is written to the database only
    const asSignedIn = await call('GET', `/api/${alice.id}/tasks`, undefined, signedIn);
    expect(asSignedIn.status).toBe(200);
    expect(asSignedIn.ms).toBeLessThan(TIMEOUT_MS + 1500); // no stall: commands fail at once while disconnected
    expect(await signOut(signedIn)).toBe(200);
    expect((await call('GET', `/api/${alice.id}/tasks`, undefined, signedIn)).status).toBe(401);
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200); // Redis is optional
    expect(messages('redis unavailable', killedAt)).toHaveLength(1); // once per outage, not per request

    const restartedAt = logs.length;
    await redis.restart();
    expect(await untilCached()).toEqual(['During', 'Before']);
    expect(messages('redis available again', restartedAt)).toHaveLength(1);
    expect((await call('GET', `/api/${alice.id}/tasks`, undefined, signedIn)).status).toBe(401);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
  });

  it('hung: a request waits one short timeout at most; what was written meanwhile is never served stale', async () => {
    const before = await untilCached(); // a page in Redis that the write below makes stale
    const signedIn = await signIn();
    redis.pause();
    const created = await call('POST', `/api/${alice.id}/tasks`, { title: 'While hung' });
    expect(created.status).toBe(201);
    expect(created.ms).toBeLessThan(TIMEOUT_MS + 1500); // one timeout, then Redis is skipped
    expect(await signOut(signedIn)).toBe(200);
    const fresh = ['While hung', ...before];
    const listed = await call('GET', `/api/${alice.id}/tasks`);
    expect(listed.ms).toBeLessThan(TIMEOUT_MS + 1500);
    expect((listed.json().items as { title: string }[]).map((task) => task.title)).toEqual(fresh);

    redis.resume(); // with the stale page and the signed-out session still in it
    for (let i = 0; i < 15; i++) {
      expect(await titles()).toEqual(fresh);
      expect((await call('GET', `/api/${alice.id}/tasks`, undefined, signedIn)).status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await untilCached()).toEqual(fresh);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
  });
});
