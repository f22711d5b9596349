import Fastify from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisConnection, type RedisConnection } from '../src/cache/redis.js';
import { inspect, redisMissing, redisSuite, startRedis } from './support/redis.js';

describe.skipIf(!!redisMissing)(redisSuite('the Redis connection'), () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let connection: RedisConnection;
  let peek: Redis;

  beforeAll(async () => {
    redis = await startRedis();
    connection = await createRedisConnection(
      { url: redis.url, password: undefined, timeoutMs: 200, listTtlSeconds: 5 },
      Fastify().log, // no logger: the log lines are the outage test's
    );
    await connection.connected(5000);
    peek = inspect(redis.url);
  });
  afterAll(async () => {
    peek?.disconnect();
    connection?.close();
    await redis?.stop();
  });

  it('past 10,000 missed writes, drops every key of ours (and only ours) before Redis is used again', async () => {
    await peek.set('todo:tasks:gen:someone', 'old');
    await peek.set('other-app:key', 'kept');
    redis.pause();
    for (let i = 0; i <= 10_000; i++)
      await connection.runOrRetry(`todo:tasks:gen:user-${i}`, (r) => r.set(`todo:tasks:gen:user-${i}`, 'new'));
    expect(connection.isPending('todo:tasks:gen:someone')).toBe(true); // nothing of ours may be read now
    redis.resume();
    await new Promise((resolve) => setTimeout(resolve, 1200)); // past the one-second skip
    await connection.run((r) => r.ping()); // the first command after it starts the recovery
    await expect.poll(() => connection.isPending('todo:tasks:gen:someone'), { timeout: 5000 }).toBe(false);
    expect(await peek.get('todo:tasks:gen:someone')).toBeNull();
    expect(await peek.get('todo:tasks:gen:user-0')).toBeNull(); // dropped, not replayed
    expect(await peek.get('other-app:key')).toBe('kept');
  });
});
