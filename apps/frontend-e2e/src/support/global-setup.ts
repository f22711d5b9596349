import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@todo/local-stack/ports';
import { startStack } from '@todo/local-stack/stack';
import { chromiumMissing } from './chromium';
import { STATE_FILE, type StackState } from './stack-state';

/** Starts the stack for the run; its state file lets a test stop and restart the backend. */
export default async function globalSetup() {
  const missing = chromiumMissing();
  if (missing) {
    console.warn(`Skipping end-to-end tests: ${missing}`);
    return;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'todo-e2e-'));
  await chmod(dataDir, 0o755);
  console.log('Starting the local stack for end-to-end tests…');
  const stack = await startStack({
    dataDir,
    ephemeral: true,
    frontendPort: await freePort(),
    backendPort: await freePort(),
    authSecret: randomBytes(32).toString('hex'),
    backendEnv: { AUTH_RATE_LIMIT_MAX: '1000', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.env.E2E_BASE_URL = stack.frontendUrl;
  const state: StackState = {
    frontendUrl: stack.frontendUrl,
    backendUrl: stack.backendUrl,
    backendSpec: stack.backendSpec,
    backendPid: stack.backend.pid!,
  };
  await mkdir(join(STATE_FILE, '..'), { recursive: true });
  await writeFile(STATE_FILE, JSON.stringify(state));

  return async () => {
    // A test may have replaced the backend: stop the one that runs now.
    const { backendPid } = JSON.parse(await readFile(STATE_FILE, 'utf8')) as StackState;
    if (backendPid !== stack.backend.pid) {
      try {
        process.kill(backendPid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
