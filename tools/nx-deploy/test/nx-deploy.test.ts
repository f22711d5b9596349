// The whole `nx deploy backend --configuration=local` through Nx on a machine without Minikube: the task graph
// builds and scans the image first, then the executor stops at the first preflight check with its one line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testBaseImage } from '@todo/images/base-image';
import { dockerUnavailable } from '@todo/images/docker';
import { describe, expect, it } from 'vitest';
import { which } from '../src/shell.js';
import { root } from './support/run-deploy.js';

const unavailable = await dockerUnavailable();
if (unavailable && process.env.CI === 'true') throw new Error(`Docker is required in CI: ${unavailable}`);

/** A PATH with node, npm, git and docker only: no minikube, whatever this machine has. */
function pathWithout(): string {
  const bin = mkdtempSync(join(tmpdir(), 'deploy-path-'));
  symlinkSync(process.execPath, join(bin, 'node'));
  for (const tool of ['npm', 'git', 'docker']) {
    const found = which(tool);
    if (found) symlinkSync(found, join(bin, tool));
  }
  return bin;
}

describe.skipIf(unavailable)('nx deploy backend --configuration=local', () => {
  it('builds the image through the task graph, then fails fast at preflight with the fix', async () => {
    const result = spawnSync(
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
        encoding: 'utf8',
        timeout: 300_000,
        env: {
          HOME: process.env.HOME,
          PATH: pathWithout(),
          BASE_IMAGE: await testBaseImage(),
          TRIVY_SKIP: '1', // no scanner here; the gate is tested in tools/images
          NX_DAEMON: 'false',
          NX_NO_CLOUD: 'true',
          NX_TUI: 'false',
        },
      },
    );
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).not.toBe(0);
    expect(output).toMatch(/nx run backend:docker-build[\s\S]*Built todo-backend:0\.1\.0, \S+, todo-backend:local/);
    expect(output).toMatch(/nx run backend:trivy-scan[\s\S]*nx run backend:deploy:local/);
    expect(output).toContain('✖ minikube not found: install minikube 1.34+ (https://minikube.sigs.k8s.io/docs/start/)');
  }, 300_000);
});
