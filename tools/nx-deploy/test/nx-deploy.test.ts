// The whole `nx deploy backend --configuration=local` through Nx on a machine that cannot deploy: the preflight
// (`deploy:preflight`, which docker-build waits on) prints its one line within seconds and no image is built.
import { spawn } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { which } from '../src/shell.js';
import { fakeTools, healthyCluster } from './support/fake-tools.js';
import { root } from './support/run-deploy.js';

/** A directory with node, npm and git only: whatever else this machine has stays out of PATH. */
function basics(): string {
  const bin = mkdtempSync(join(tmpdir(), 'deploy-path-'));
  symlinkSync(process.execPath, join(bin, 'node'));
  for (const tool of ['npm', 'git']) {
    const found = which(tool);
    if (found) symlinkSync(found, join(bin, tool));
  }
  return bin;
}

/** Runs `nx deploy backend --configuration=local`; notes when the first `✖` line appears. */
function nxDeploy(path: string): Promise<{ code: number | null; output: string; failureAfterMs?: number }> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      join(root, 'node_modules/nx/dist/bin/nx.js'),
      'deploy',
      'backend',
      '--configuration=local',
      '--output-style=static',
    ],
    {
      cwd: root,
      env: {
        HOME: process.env.HOME,
        PATH: path,
        KUBE_TOOLS_BIN: mkdtempSync(join(tmpdir(), 'no-pinned-')),
        NX_DAEMON: 'false',
        NX_NO_CLOUD: 'true',
        NX_TUI: 'false',
      },
    },
  );
  let output = '';
  let failureAfterMs: number | undefined;
  const collect = (chunk: Buffer) => {
    output += chunk;
    if (failureAfterMs === undefined && output.includes('✖')) failureAfterMs = Date.now() - started;
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((done) => child.on('close', (code) => done({ code, output, failureAfterMs })));
}

describe('nx deploy backend --configuration=local fails fast, before any image is built', () => {
  it.each([
    ['without Minikube', ['docker', 'helm', 'kubectl'], {}, '✖ minikube not found: install minikube 1.34+'],
    ['without Helm', ['docker', 'minikube', 'kubectl'], {}, '✖ helm not found: install Helm 3.14+'],
    [
      'with another kube context',
      ['docker', 'minikube', 'helm', 'kubectl'],
      { context: 'kind-dev' },
      '✖ the current kube context is "kind-dev", not "minikube": kubectl config use-context minikube',
    ],
  ])(
    '%s',
    async (_, tools, state, line) => {
      const fakes = fakeTools({ ...healthyCluster(), ...state });
      const { code, output, failureAfterMs } = await nxDeploy(`${fakes.path(...tools)}:${basics()}`);
      expect(code, output).not.toBe(0);
      expect(output).toMatch(/nx run deploy:preflight\s+> Preflight checks for local \(kube context minikube\)/);
      expect(output).toContain(line);
      expect(output).not.toContain('nx run backend:docker-build');
      expect(fakes.calls().filter((call) => call.startsWith('docker '))).toEqual([]);
      // Nx itself (daemon off) takes a few seconds to start; the images would take minutes.
      expect(failureAfterMs).toBeLessThan(60_000);
      console.log(`${_}: the preflight line after ${failureAfterMs} ms`);
    },
    300_000,
  );
});
