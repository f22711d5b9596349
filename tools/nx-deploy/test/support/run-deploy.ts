import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { vi } from 'vitest';
import { deploy } from '../../src/deploy.js';
import type { DeployOptions } from '../../src/options.js';

export const root = resolve(import.meta.dirname, '../../../..');

/** A values file that points the ingress at a name that resolves here (the preflight looks it up). */
export function resolvableHost(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'deploy-values-')), 'host.yaml');
  writeFileSync(file, 'ingress:\n  host: localhost\n');
  return file;
}

/** Runs the real deploy with the given PATH (and no pinned helm/kubectl); returns its result and what it printed. */
export async function runDeploy(options: Partial<DeployOptions>, env: NodeJS.ProcessEnv) {
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line) => void printed.push(String(line)));
  const error = vi.spyOn(console, 'error').mockImplementation((line) => void printed.push(String(line)));
  try {
    const ok = await deploy(options, {
      root,
      env: { KUBE_TOOLS_BIN: mkdtempSync(join(tmpdir(), 'no-pinned-')), ...env },
    });
    return { ok, printed, failure: printed.find((line) => line.startsWith('✖')) };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}
