import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';

/** How to start a Node process: enough to start it again after it was stopped. */
export interface NodeProcessSpec {
  name: string;
  args: string[];
  env: Record<string, string>;
}

export function spawnNode(spec: NodeProcessSpec, stdio: StdioOptions = 'inherit'): ChildProcess {
  return spawn(process.execPath, spec.args, { env: { ...process.env, ...spec.env }, stdio });
}

/** Resolves once `url` answers 2xx; fails early if `child` exits first. */
export async function waitForOk(url: string, child?: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

/** SIGTERM, then wait for the exit. */
export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
