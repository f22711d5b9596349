import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Why Docker cannot be used here, or undefined when an engine answers. */
export async function dockerUnavailable(): Promise<string | undefined> {
  try {
    await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 10_000 });
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code;
    return code === 'ENOENT' ? 'the docker CLI is not installed' : 'no Docker engine answers (is dockerd running?)';
  }
}

/** Runs docker with its output shown (only its errors when quiet); rejects with the exit code. */
export function docker(args: string[], options: { quiet?: boolean } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { stdio: options.quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker ${args[0]} exited with ${code}`))));
  });
}

/** Runs docker and returns its standard output, trimmed. */
export async function dockerOutput(args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

/**
 * Where the frontend image writes its optimised images (Next.js's `.next/cache`): writable, like /tmp, in the
 * chart (an emptyDir), in Compose and in these containers (a tmpfs); the rest of the root stays read-only.
 */
export const FRONTEND_CACHE_DIR = '/app/apps/frontend/.next/cache';
export const frontendCacheArgs = ['--tmpfs', FRONTEND_CACHE_DIR];

/**
 * Starts a container the way the chart runs the image: read-only root, a tmpfs /tmp, user 10001, host network
 * (bound to 127.0.0.1 by the env given). Returns at once; `extraArgs` go before the image (e.g. health settings).
 */
export async function runLockedDown(
  image: string,
  name: string,
  env: Record<string, string>,
  extraArgs: string[] = [],
) {
  const args = [
    'run',
    '-d',
    '--name',
    name,
    '--network',
    'host',
    '--read-only',
    '--tmpfs',
    '/tmp',
    '--user',
    '10001:10001',
  ];
  for (const [key, value] of Object.entries(env)) args.push('-e', `${key}=${value}`);
  await docker([...args, ...extraArgs, image], { quiet: true });
}
