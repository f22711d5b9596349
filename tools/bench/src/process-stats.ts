import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@todo/local-stack/ports';
import { spawnNode, stopProcess, type NodeProcessSpec } from '@todo/local-stack/processes';

const BASELINE_SERVER = join(import.meta.dirname, 'baseline-server.mjs');
export const BARE_PROCESS = 'bare Fastify process';

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

/**
 * The baseline server on a free port: a bare Fastify process (its `/constant` route) or, given the database, the
 * backend's JWKS, its auth secret (for session cookies) and the backend's NODE_OPTIONS (its pod's heap sizes), the
 * same-work server for the API's routes (`baseline-server.mjs`).
 */
export async function startBaseline(work?: {
  databaseUrl: string;
  jwksUrl: string;
  authSecret: string;
  nodeOptions: string;
}): Promise<{ child: ChildProcess; readyMs: number; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/constant`;
  const args = [BASELINE_SERVER, String(port), ...(work ? [work.databaseUrl, work.jwksUrl] : [])];
  const env: Record<string, string> = work ? { AUTH_SECRET: work.authSecret, NODE_OPTIONS: work.nodeOptions } : {};
  return { ...(await startTimed({ name: 'baseline', args, env }, url)), url };
}

/** Start to ready of an app (`start` starts it once) and of the bare baseline, alternating: medians of 3 each. */
export async function startupMedians(
  start: () => Promise<{ child: ChildProcess; readyMs: number }>,
): Promise<{ app: number; baseline: number }> {
  const app: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = await start();
    app.push(started.readyMs);
    await stopProcess(started.child);
    const bare = await startBaseline();
    baseline.push(bare.readyMs);
    await stopProcess(bare.child);
  }
  return { app: median(app), baseline: median(baseline) };
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
