import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { workspaceRoot } from '../../src/paths.js';

/** The built API (`nx build backend`, which deploy:test runs first), the entry the image runs. */
export const backendBundle = join(workspaceRoot, 'apps/backend/dist/main.cjs');

export interface BackendProcess {
  child: ChildProcess;
  /** Its exit code, once it exited and its output is read. */
  closed: Promise<number | null>;
  /** What it printed so far, stdout and stderr. */
  output(): string;
}

/**
 * The built API's `serve` or `migrate` as its own process, with `env` over a bare environment (the API reads
 * nothing else): on 127.0.0.1, warnings and errors logged, no drain delay on SIGTERM.
 */
export function startBackend(command: 'serve' | 'migrate', env: Record<string, string>): BackendProcess {
  const child = spawn(process.execPath, [backendBundle, command], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SHUTDOWN_DRAIN_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, closed, output: () => output };
}

/** The built API's `migrate` command: its exit code and output. */
export async function migrate(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const run = startBackend('migrate', env);
  return { code: await run.closed, output: run.output() };
}
