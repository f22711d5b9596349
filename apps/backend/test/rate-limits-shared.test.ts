// With Redis on, every limit is one budget across replicas (two app instances on one Redis and one database);
// without it, each replica counts on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, signUp, type TestApp } from './support/app.js';
import { redisMissing, redisSuite, startRedis } from './support/redis.js';

const LIMITS = {
  IP_RATE_LIMIT_MAX: '6',
  USER_RATE_LIMIT_MAX: '4',
  AUTH_RATE_LIMIT_MAX: '4',
  AUTH_LOCKOUT_THRESHOLD: '3',
};

describe.skipIf(!!redisMissing)(redisSuite('rate limits shared through Redis'), () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let replicas: TestApp[];

  beforeAll(async () => {
    redis = await startRedis();
    const env = { ...LIMITS, REDIS_URL: redis.address, REDIS_PASSWORD: redis.password, TRUST_PROXY: 'loopback' };
    const first = await createTestApp(env);
    replicas = [first, await createTestApp(env, { replicaOf: first }), await createTestApp(env, { replicaOf: first })];
  });
  afterAll(async () => {
    for (const replica of [...(replicas ?? [])].reverse()) await replica.close();
    await redis?.stop();
  });

  /** Round robin over the replicas, as a Service spreads requests. */
  const spread = async <T>(count: number, send: (replica: TestApp, i: number) => Promise<T>) => {
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(await send(replicas[i % replicas.length], i));
    return out;
  };
  const statuses = (responses: { statusCode: number }[]) => responses.map((r) => r.statusCode);

  it('per IP', async () => {
    const responses = await spread(9, (r) =>
      r.app.inject({ url: '/api/auth/get-session', headers: { 'x-forwarded-for': '203.0.113.9' } }),
    );
    expect(statuses(responses)).toEqual([200, 200, 200, 200, 200, 200, 429, 429, 429]);
  });

  it('per user', async () => {
    const user = await signUp(replicas[0].app, 'shared');
    const responses = await spread(6, (r) => as(r.app, user)('GET', `/api/${user.id}/tasks`));
    expect(statuses(responses)).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('per IP on sign-in, and the per-account lockout', async () => {
    const signIn = (r: TestApp, ip: string, email: string) =>
      r.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        headers: { 'x-forwarded-for': ip },
        payload: { email, password: 'wrong password!' },
      });
    expect(statuses(await spread(6, (r) => signIn(r, '203.0.113.10', `x${Math.random()}@example.test`)))).toEqual([
      401, 401, 401, 401, 429, 429,
    ]);
    expect(statuses(await spread(5, (r, i) => signIn(r, `198.51.100.${i}`, 'locked@example.test')))).toEqual([
      401, 401, 401, 429, 429,
    ]);
  });
});
