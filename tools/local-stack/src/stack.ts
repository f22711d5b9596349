import type { ChildProcess, StdioOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnNode, stopProcess, waitForOk, type NodeProcessSpec } from './processes.js';
import { freePort, isPortFree } from './ports.js';
import { startLocalPostgres, type LocalPostgres } from './postgres.js';

const root = resolve(import.meta.dirname, '../../..');
export const BACKEND_BUNDLE = join(root, 'apps/backend/dist/main.cjs');
export const FRONTEND_SERVER = join(root, 'apps/frontend/.next/standalone/apps/frontend/graceful-server.mjs');

export interface StackOptions {
  /** PostgreSQL data lives in `${dataDir}/postgres`. */
  dataDir: string;
  /** Remove the database files when stopping. */
  ephemeral?: boolean;
  /** Use this database instead of starting one. */
  databaseUrl?: string;
  frontendPort: number;
  backendPort: number;
  authSecret: string;
  /** Extra backend settings, e.g. a higher AUTH_RATE_LIMIT_MAX for tests that sign many users up. */
  backendEnv?: Record<string, string>;
  /** Extra frontend settings, e.g. OTEL_EXPORTER_OTLP_ENDPOINT. */
  frontendEnv?: Record<string, string>;
  stdio?: StdioOptions;
  onStep?: (message: string) => void;
}

export interface Stack {
  frontendUrl: string;
  backendUrl: string;
  databaseUrl: string;
  /** Enough to start the backend again after stopping it. */
  backendSpec: NodeProcessSpec;
  backend: ChildProcess;
  frontend: ChildProcess;
  stop(): Promise<void>;
}

/** PostgreSQL, the built backend and the built frontend, on 127.0.0.1, each ready before this resolves. */
export async function startStack(options: StackOptions): Promise<Stack> {
  for (const [file, project] of [
    [BACKEND_BUNDLE, 'backend'],
    [FRONTEND_SERVER, 'frontend'],
  ]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npx nx build ${project}\` first`);
  }
  const step = options.onStep ?? (() => undefined);
  let postgres: LocalPostgres | undefined;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    // A stable port for the kept database of `npm start`; throwaway stacks (tests, often several at once) take any.
    const port = !options.ephemeral && (await isPortFree(54329)) ? 54329 : await freePort();
    const dataDir = join(options.dataDir, 'postgres');
    step(`PostgreSQL (embedded) on 127.0.0.1:${port}, data in ${dataDir}`);
    postgres = await startLocalPostgres({ dataDir, port, ephemeral: options.ephemeral });
    await postgres.createDatabase('todo');
    databaseUrl = postgres.url('todo');
  }

  const frontendUrl = `http://127.0.0.1:${options.frontendPort}`;
  const backendUrl = `http://127.0.0.1:${options.backendPort}`;
  const backendSpec: NodeProcessSpec = {
    name: 'backend',
    args: [BACKEND_BUNDLE],
    env: {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(options.backendPort),
      DATABASE_URL: databaseUrl,
      BETTER_AUTH_SECRET: options.authSecret,
      // The browser's origin: it is where /api/auth/* is reached, and the JWT issuer.
      BETTER_AUTH_URL: frontendUrl,
      // Behind the frontend on this machine, as behind the chart's Ingress: it overwrites X-Forwarded-For with the
      // client it saw, and links the backend answers with (MCP metadata) name the frontend's host.
      TRUST_PROXY: 'loopback',
      // The API reference at /docs: on for this stack, which runs the production builds.
      API_DOCS: 'true',
      MIGRATE_ON_START: 'true',
      SHUTDOWN_DRAIN_MS: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...options.backendEnv,
    },
  };
  const started: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map(stopProcess));
    await postgres?.stop();
  };
  try {
    step(`backend on ${backendUrl}`);
    const backend = spawnNode(backendSpec, options.stdio);
    started.push(backend);
    await waitForOk(`${backendUrl}/readyz`, backend);
    step(`frontend on ${frontendUrl}`);
    const frontend = spawnNode(
      {
        name: 'frontend',
        args: [FRONTEND_SERVER],
        env: {
          NODE_ENV: 'production',
          HOSTNAME: '127.0.0.1',
          PORT: String(options.frontendPort),
          BACKEND_URL: backendUrl,
          ...options.frontendEnv,
        },
      },
      options.stdio,
    );
    started.push(frontend);
    await waitForOk(`${frontendUrl}/api/health`, frontend);
    return { frontendUrl, backendUrl, databaseUrl, backendSpec, backend, frontend, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A stack for one test file: its own temporary data, free ports and a random secret, quiet unless it fails;
 * `stop()` also removes the data. Options override those defaults.
 */
export async function startThrowawayStack(
  options: Partial<Omit<StackOptions, 'dataDir' | 'ephemeral'>> = {},
): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'todo-stack-'));
  await chmod(dataDir, 0o755); // PostgreSQL runs as its own OS user when the tests run as root
  try {
    const stack = await startStack({
      frontendPort: await freePort(),
      backendPort: await freePort(),
      authSecret: randomBytes(32).toString('hex'),
      stdio: ['ignore', 'ignore', 'inherit'],
      ...options,
      backendEnv: { LOG_LEVEL: 'warn', ...options.backendEnv },
      dataDir,
      ephemeral: true,
    });
    return {
      ...stack,
      async stop() {
        await stack.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
