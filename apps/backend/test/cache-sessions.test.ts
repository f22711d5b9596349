import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, signUp, type TestApp } from './support/app.js';
import { inspect, redisMissing, redisSuite, startRedis } from './support/redis.js';

describe.skipIf(!!redisMissing)(redisSuite('Better Auth sessions in Redis'), () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let t: TestApp;
  let peek: Redis;

  beforeAll(async () => {
    redis = await startRedis();
    t = await createTestApp({ REDIS_URL: redis.address, REDIS_PASSWORD: redis.password });
    peek = inspect(redis.url);
  });
  afterAll(async () => {
    peek?.disconnect();
    await t?.close();
    await redis?.stop();
  });

  const signIn = async (email: string) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email, password: 'correct horse battery' },
    });
    expect(response.statusCode).toBe(200);
    return (response.json() as { token: string }).token;
  };
  const sessionRows = async (token: string) =>
    (await t.app.pool.query('SELECT 1 FROM session WHERE token = $1', [token])).rowCount;

  it('signs in into Redis, reads the session from there, and signing out removes it', async () => {
    const user = await signUp(t.app, 'dana');
    const token = await signIn(user.email);
    const stored = JSON.parse((await peek.get(`todo:auth:${token}`))!);
    expect(stored).toMatchObject({ session: { token, userId: user.id }, user: { id: user.id } });
    expect(await peek.ttl(`todo:auth:${token}`)).toBeGreaterThan(6 * 24 * 3600);
    expect(await sessionRows(token)).toBe(1); // kept in the database as well

    // Only Redis can answer once the row is gone: the lookup is served from there.
    await t.app.pool.query('DELETE FROM session WHERE token = $1', [token]);
    const bySession = as(t.app, { ...user, sessionToken: token }, 'session');
    expect((await bySession('GET', `/api/${user.id}/tasks`)).statusCode).toBe(200);

    const signOut = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { authorization: `Bearer ${token}`, origin: t.config.auth.url },
    });
    expect(signOut.statusCode).toBe(200);
    expect(await peek.get(`todo:auth:${token}`)).toBeNull();
    expect((await bySession('GET', `/api/${user.id}/tasks`)).statusCode).toBe(401);
  });

  it('falls back to the database when Redis has lost a session', async () => {
    const user = await signUp(t.app, 'eli');
    const token = await signIn(user.email);
    await peek.del(`todo:auth:${token}`);
    const bySession = as(t.app, { ...user, sessionToken: token }, 'session');
    expect((await bySession('GET', `/api/${user.id}/tasks`)).statusCode).toBe(200);

    await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { authorization: `Bearer ${token}`, origin: t.config.auth.url },
    });
    expect(await sessionRows(token)).toBe(0);
    expect((await bySession('GET', `/api/${user.id}/tasks`)).statusCode).toBe(401);
  });
});
