import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CNPG, CNPG_MANIFEST, cnpgSteps } from '../src/cnpg.js';
import { fakeTools, healthyCluster } from './support/fake-tools.js';
import { root } from './support/run-deploy.js';

describe('deploy:cnpg-up plan', () => {
  it('applies the pinned release manifest server-side, then waits for the operator', () => {
    expect(cnpgSteps('kubectl', 'minikube').map((s) => s.argv.join(' '))).toEqual([
      `kubectl --context minikube apply --server-side --force-conflicts -f ${CNPG_MANIFEST}`,
      'kubectl --context minikube -n cnpg-system rollout status deployment/cnpg-controller-manager --timeout=300s',
    ]);
    expect(CNPG_MANIFEST).toBe(
      'https://github.com/cloudnative-pg/cloudnative-pg/releases/download/v1.30.0/cnpg-1.30.0.yaml',
    );
  });
});

describe('nx run deploy:cnpg-up, against a stand-in kubectl', () => {
  const cli = join(root, 'tools/nx-deploy/src/cnpg-up.ts');
  const up = (tools: string[]) => {
    const fakes = fakeTools(healthyCluster());
    const result = spawnSync(process.execPath, ['--conditions=@todo/source', '--import', 'tsx', cli], {
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${fakes.path(...tools)}:${join(process.execPath, '..')}`,
        KUBE_CONTEXT: 'minikube',
      },
    });
    return { ...result, calls: fakes.calls() };
  };

  it('installs the operator and says how to use it', () => {
    const { status, stdout, calls } = up(['kubectl']);
    expect(status).toBe(0);
    expect(calls).toEqual(cnpgSteps('kubectl', 'minikube').map((s) => s.argv.join(' ')));
    expect(stdout).toContain(`CloudNativePG ${CNPG.version} is ready in context "minikube"`);
  });
});
