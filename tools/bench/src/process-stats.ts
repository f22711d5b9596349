import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { spawnNode, type NodeProcessSpec } from '@todo/local-stack/processes';

/** Resident memory of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  if (!line) throw new Error(`no VmRSS for process ${pid}`);
  return Number(line[1]) / 1024;
}

/** Samples a process's RSS every 100 ms until stopped; resolves the peak. */
export function samplePeakRss(pid: number): { stop(): number } {
  let peak = rssMiB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssMiB(pid));
    },
  };
}

/** Starts a process and resolves once `url` answers 2xx, with the time from spawn in ms (polled every 20 ms). */
export async function startTimed(
  spec: NodeProcessSpec,
  url: string,
): Promise<{ child: ChildProcess; readyMs: number }> {
  const started = performance.now();
  const child = spawnNode(spec, ['ignore', 'ignore', 'inherit']);
  while (performance.now() - started < 60_000) {
    if (child.exitCode !== null) throw new Error(`${spec.name} exited with ${child.exitCode} before ${url} answered`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return { child, readyMs: performance.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill();
  throw new Error(`${url} did not answer within 60 s`);
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
