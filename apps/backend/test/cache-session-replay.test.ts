// A replica that cannot reach Redis keeps the session writes it missed. Replaying one after another replica signed the
// session out would bring that session back: Redis answers before PostgreSQL, which no longer has it.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';
import { inspect, redisMissing, redisSuite, startRedis } from './support/redis.js';
import { startTcpProxy } from './support/tcp-proxy.js';

const RUNS = 20;

describe.skipIf(!!redisMissing)(redisSuite('session writes a replica missed while Redis was away'), () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let healthy: TestApp;
  let cut: TestApp;
  let peek: Redis;
  let user: TestUser;

  beforeAll(async () => {
    redis = await startRedis();
    proxy = await startTcpProxy(Number(new URL(redis.address).port));
    const env = { REDIS_PASSWORD: redis.password, REDIS_TIMEOUT_MS: '2000' };
    healthy = await createTestApp({ ...env, REDIS_URL: redis.address });
    // Reaches the same Redis through the proxy, which the test cuts.
    cut = await createTestApp({ ...env, REDIS_URL: `redis://127.0.0.1:${proxy.port}` }, { replicaOf: healthy });
    peek = inspect(redis.url);
    user = await signUp(healthy.app, 'replay');
  });
  afterAll(async () => {
    peek?.disconnect();
    await cut?.close();
    await healthy?.close();
    await proxy?.stop();
    await redis?.stop();
  });

  const until = async (condition: () => boolean, what: string) => {
    for (const deadline = Date.now() + 10_000; !condition();) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const signIn = async (app: TestApp) => {
    const response = await app.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: user.email, password: 'correct horse battery' },
    });
    expect(response.statusCode).toBe(200);
    return (response.json() as { token: string }).token;
  };

  it(`a session signed out on one replica stays signed out after the other replays its writes (${RUNS} runs)`, async () => {
    for (let run = 0; run < RUNS; run++) {
      await proxy.cut();
      await until(() => cut.app.redis!.client.status !== 'ready', 'the replica to lose Redis');
      // Signed in on the replica without Redis: the session is in PostgreSQL, its write to Redis is kept.
      const token = await signIn(cut);
      expect(cut.app.redis!.isPending(`todo:auth:${token}`)).toBe(true);
      const bySession = (app: TestApp) => as(app.app, { ...user, sessionToken: token }, 'session');
      expect((await bySession(healthy)('GET', `/api/${user.id}/tasks`)).statusCode).toBe(200);

      // Signed out on the other replica, then the first one reaches Redis again and replays what it kept.
      const signOut = await healthy.app.inject({
        method: 'POST',
        url: '/api/auth/sign-out',
        headers: { authorization: `Bearer ${token}`, origin: healthy.config.auth.url },
      });
      expect(signOut.statusCode).toBe(200);
      await proxy.restore();
      await until(() => !cut.app.redis!.isPending(`todo:auth:${token}`), 'the replay');

      for (const app of [healthy, cut])
        expect((await bySession(app)('GET', `/api/${user.id}/tasks`)).statusCode).toBe(401);
      expect(await peek.get(`todo:auth:${token}`)).toBeNull();
    }
  }, 180_000);

  it('a session written while Redis was away still works on either replica, read from PostgreSQL', async () => {
    await proxy.cut();
    await until(() => cut.app.redis!.client.status !== 'ready', 'the replica to lose Redis');
    const token = await signIn(cut);
    await proxy.restore();
    await until(() => !cut.app.redis!.isPending(`todo:auth:${token}`), 'the replay');
    const bySession = (app: TestApp) => as(app.app, { ...user, sessionToken: token }, 'session');
    for (const app of [healthy, cut])
      expect((await bySession(app)('GET', `/api/${user.id}/tasks`)).statusCode).toBe(200);
  });
});
