import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { databaseAdmin } from '@todo/local-stack/postgres';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createPool } from '../../src/db/client.js';
import { MIGRATIONS, TEMPLATE_DATABASE } from './constants.js';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * The real app on a fresh database cloned from the migrated template; one per test file. With `replicaOf`, a second
 * instance on that app's database (a replica), which leaves the database to it.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { logStream?: { write(line: string): void }; replicaOf?: TestApp } = {},
): Promise<TestApp> {
  const admin = databaseAdmin(inject('postgresUrl'));
  const database = `test_${randomUUID().replaceAll('-', '')}`;
  if (!options.replicaOf) await admin.createDatabase(database, TEMPLATE_DATABASE);
  const databaseUrl = options.replicaOf?.databaseUrl ?? admin.url(database);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    ...throughPooler(databaseUrl),
    // Test files send thousands of requests from one address as a few users; rate-limits.test.ts sets its own.
    AUTH_RATE_LIMIT_MAX: '1000',
    IP_RATE_LIMIT_MAX: '1000000',
    USER_RATE_LIMIT_MAX: '1000000',
    ...env,
  });
  const app = await buildApp({
    config,
    pool: createPool(config.database),
    migrationsFolder: MIGRATIONS,
    logStream: options.logStream,
  });
  await app.ready();
  return {
    app,
    config,
    databaseUrl,
    async close() {
      await app.close();
      if (!options.replicaOf) await admin.dropDatabase(database);
    },
  };
}

/**
 * In the pooled project (vitest.config.ts), the app reaches its database through the PgBouncer of
 * global-setup-pooled.ts, in transaction mode, as the chart's API does with database.pooler.enabled.
 */
function throughPooler(directUrl: string): Record<string, string> {
  const pooler = inject('poolerUrl');
  if (!pooler) return {};
  const url = new URL(pooler);
  url.pathname = new URL(directUrl).pathname;
  return { DATABASE_URL: url.toString(), DATABASE_DIRECT_URL: directUrl, DATABASE_TRANSACTION_POOLING: 'true' };
}

export interface TestUser {
  id: string;
  email: string;
  /** Better Auth session token: works as a Bearer token and as the session cookie. */
  sessionToken: string;
  /** Short-lived JWT from /api/auth/token, verified locally by the API. */
  jwt: string;
}

let counter = 0;

export async function signUp(app: FastifyInstance, name = 'user'): Promise<TestUser> {
  const email = `${name}-${process.pid}-${++counter}@example.test`;
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-up/email',
    payload: { email, password: 'correct horse battery', name },
  });
  if (response.statusCode !== 200) throw new Error(`sign-up failed: ${response.statusCode} ${response.body}`);
  const { token, user } = response.json() as { token: string; user: { id: string } };
  const tokenResponse = await app.inject({
    method: 'GET',
    url: '/api/auth/token',
    headers: { authorization: `Bearer ${token}` },
  });
  if (tokenResponse.statusCode !== 200)
    throw new Error(`token failed: ${tokenResponse.statusCode} ${tokenResponse.body}`);
  return { id: user.id, email, sessionToken: token, jwt: (tokenResponse.json() as { token: string }).token };
}

/** An authenticated call as `user` (JWT by default). */
export function as(app: FastifyInstance, user: TestUser, credential: 'jwt' | 'session' = 'jwt') {
  const authorization = `Bearer ${credential === 'jwt' ? user.jwt : user.sessionToken}`;
  return (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ): Promise<LightMyRequestResponse> =>
    app.inject({
      method,
      url,
      headers: { authorization },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
}
