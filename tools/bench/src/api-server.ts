// The bundled backend in production settings on its own embedded PostgreSQL, for the API and scale sections.
import { randomBytes } from 'node:crypto';
import { chmod, cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { freePort } from '@todo/local-stack/ports';
import { startLocalPostgres, type LocalPostgres } from '@todo/local-stack/postgres';
import { stopProcess, type NodeProcessSpec } from '@todo/local-stack/processes';
import { chartNodeOptions } from './chart-settings.js';
import { startTimed } from './process-stats.js';

const root = resolve(import.meta.dirname, '../../..');

export interface ApiServer {
  /** The backend's origin. */
  api: string;
  postgres: LocalPostgres;
  databaseUrl: string;
  spec: NodeProcessSpec;
  /** Writes the server bundle's code cache as the image's build does (`main.cjs compile`), or removes it. */
  codeCache(on: boolean): Promise<void>;
  /** The running backend; `restart()` replaces it. */
  backend: ChildProcess;
  restart(): Promise<void>;
  /** Signs a user up: its session token and cookie, and a Bearer JWT from /api/auth/token, as API clients use. */
  signUp(email: string): Promise<SignedUp>;
  /** A fresh JWT for the session (they last 15 minutes). */
  jwt(sessionToken: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startApiServer(): Promise<ApiServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'todo-bench-pg-'));
  await chmod(dataDir, 0o755);
  const postgres = await startLocalPostgres({
    dataDir: join(dataDir, 'data'),
    port: await freePort(),
    ephemeral: true,
  });
  await postgres.createDatabase('bench');
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const databaseUrl = postgres.url('bench');
  // A copy of the build, so that the code cache written and removed here stays out of the workspace's build output.
  const backendDir = join(dataDir, 'backend');
  await cp(join(root, 'apps/backend/dist'), join(backendDir, 'dist'), {
    recursive: true,
    filter: (source) => !source.endsWith('.cache'),
  });
  await symlink(join(root, 'apps/backend/migrations'), join(backendDir, 'migrations'));
  const main = join(backendDir, 'dist/main.cjs');
  const codeCache = async (on: boolean) => {
    if (on) execFileSync(process.execPath, [main, 'compile'], { stdio: 'ignore' });
    else await rm(join(backendDir, 'dist/server.cjs.cache'), { force: true });
  };
  await codeCache(true);
  const spec: NodeProcessSpec = {
    name: 'backend',
    args: [main],
    env: {
      NODE_OPTIONS: await chartNodeOptions('backend'),
      // Production settings: the chart's heap sizes and log level, metrics, the access log, audit events, conditional
      // GETs.
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      PORT: String(port),
      BETTER_AUTH_URL: api,
      DATABASE_URL: databaseUrl,
      BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
      MIGRATE_ON_START: 'true',
      SHUTDOWN_DRAIN_MS: '0',
      // The limits stay on (their hooks run on every request) but raised: one client and one user at thousands of
      // requests a second would otherwise measure only the limiter's 429s.
      IP_RATE_LIMIT_MAX: '10000000',
      USER_RATE_LIMIT_MAX: '10000000',
    },
  };
  const server: ApiServer = {
    api,
    postgres,
    databaseUrl,
    spec,
    codeCache,
    backend: (await startTimed(spec, `${api}/readyz`)).child, // migrates; later starts find it current
    async restart() {
      await stopProcess(server.backend);
      server.backend = (await startTimed(spec, `${api}/readyz`)).child;
    },
    signUp: (email) => signUp(api, email),
    jwt: (sessionToken) => jwtOf(api, sessionToken),
    async stop() {
      await stopProcess(server.backend);
      await postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

export interface SignedUp {
  userId: string;
  sessionToken: string;
  /** The Cookie header a browser sends after signing up. */
  cookie: string;
  jwt: string;
}

async function signUp(api: string, email: string): Promise<SignedUp> {
  const response = await fetch(`${api}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: api }, // Better Auth checks the Origin in production
    body: JSON.stringify({ email, password: 'benchmark password', name: 'Bench' }),
  });
  if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const { token, user } = (await response.json()) as { token: string; user: { id: string } };
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { userId: user.id, sessionToken: token, cookie, jwt: await jwtOf(api, token) };
}

async function jwtOf(api: string, sessionToken: string): Promise<string> {
  const response = await fetch(`${api}/api/auth/token`, { headers: { authorization: `Bearer ${sessionToken}` } });
  if (!response.ok) throw new Error(`no JWT: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}
