import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';

const backendDir = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The built server (`nx build backend`, which the test target runs first) as its own process, as the image runs it;
 * `entry`: another copy of dist/main.cjs.
 */
export function startServer(env: Record<string, string>, entry = 'dist/main.cjs') {
  const child = spawn(process.execPath, [entry], {
    cwd: backendDir,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.on('exit', (code) => resolve({ code, at: Date.now() })),
  );
  return { child, exited, output: () => ({ stdout, stderr }) };
}

export function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });
}

/** On a busy machine start-up takes a while. */
export async function waitUntilReady(port: number, child: ChildProcess, timeoutMs = 30_000) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (child.exitCode !== null) throw new Error(`server exited during start-up (${child.exitCode})`);
    const ready = await get(port, '/readyz').catch(() => undefined);
    if (ready?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not become ready');
}
