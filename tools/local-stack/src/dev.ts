// `npm run dev`: both apps with hot reload (`nx serve backend` and `nx serve frontend`), on the embedded
// PostgreSQL of `npm start` (data under .data/) unless DATABASE_URL is set. The backend migrates on start and takes
// the frontend's origin as BETTER_AUTH_URL (apps/backend/.env.serve): the browser reaches the API through the
// frontend. FRONTEND_PORT and BACKEND_PORT move the ports. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { authSecret } from './auth-secret.js';
import { freePort, isPortFree } from './ports.js';
import { startLocalPostgres, type LocalPostgres } from './postgres.js';
import { waitForOk } from './processes.js';

const root = resolve(import.meta.dirname, '../../..');
const dataDir = join(root, '.data');
const frontendPort = Number(process.env.FRONTEND_PORT ?? 3000);
const backendPort = Number(process.env.BACKEND_PORT ?? 3001);

await mkdir(dataDir, { recursive: true });
let postgres: LocalPostgres | undefined;
let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  const port = (await isPortFree(54329)) ? 54329 : await freePort();
  console.log(`Starting PostgreSQL (embedded) on 127.0.0.1:${port}, data in ${join(dataDir, 'postgres')}`);
  postgres = await startLocalPostgres({ dataDir: join(dataDir, 'postgres'), port });
  await postgres.createDatabase('todo');
  databaseUrl = postgres.url('todo');
}

const frontendUrl = `http://127.0.0.1:${frontendPort}`;
const backendUrl = `http://127.0.0.1:${backendPort}`;
console.log(`Starting nx serve backend (${backendUrl}) and nx serve frontend (${frontendUrl})`);
const nx = spawn(
  process.execPath,
  [join(root, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'serve', '-p', 'backend', 'frontend'],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      BETTER_AUTH_SECRET: await authSecret(dataDir),
      HOST: '127.0.0.1',
      PORT: String(backendPort),
      FRONTEND_PORT: String(frontendPort),
      BACKEND_URL: backendUrl,
      NX_TUI: 'false',
    },
  },
);

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  console.log('Stopping…');
  if (nx.exitCode === null && nx.signalCode === null) {
    const exited = new Promise((done) => nx.once('exit', done));
    nx.kill('SIGINT'); // as Ctrl-C: Nx stops every task it started
    await exited;
  }
  await postgres?.stop();
  process.exit(code);
}
nx.once('exit', (code) => {
  if (stopping) return;
  console.error(`nx exited (${code}); stopping the rest.`);
  void shutdown(1);
});
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

try {
  await waitForOk(`${backendUrl}/readyz`, nx, 180_000);
  await waitForOk(`${frontendUrl}/api/health`, nx, 180_000);
} catch (error) {
  console.error(String(error));
  await shutdown(1);
}
console.log(`\nReady (hot reload). Open ${frontendUrl}  (API: ${backendUrl})`);
