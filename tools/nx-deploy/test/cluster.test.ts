import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addonSteps, AUDIT_POLICY, CLUSTER, NODE_FILES, startStep, writeNodeFiles } from '../src/cluster.js';
import { fakeTools, healthyCluster, type ClusterState } from './support/fake-tools.js';
import { root } from './support/run-deploy.js';

const addon = (on: boolean) => ({ Profile: 'minikube', Status: on ? 'enabled' : 'disabled' });

describe('cluster-up plan', () => {
  it('starts the pinned profile with a CNI that enforces NetworkPolicies', () => {
    expect(startStep('minikube', { encryption: false, audit: false }).argv).toEqual([
      'minikube',
      'start',
      '--profile',
      'minikube',
      '--cpus',
      '2',
      '--memory',
      '4g',
      '--kubernetes-version',
      CLUSTER.kubernetesVersion,
      '--cni',
      'calico',
    ]);
  });

  it('adds the API server flags for encryption at rest and the audit log', () => {
    const { argv } = startStep('minikube', { encryption: true, audit: true });
    expect(argv).toContain(`--extra-config=apiserver.encryption-provider-config=${NODE_FILES.encryption}`);
    expect(argv).toContain(`--extra-config=apiserver.audit-policy-file=${NODE_FILES.auditPolicy}`);
    expect(argv).toContain('--extra-config=apiserver.audit-log-path=-');
  });

  it('enables only the addons that are off', () => {
    const list = JSON.stringify({
      ingress: addon(true),
      'metrics-server': addon(false),
      'default-storageclass': addon(true),
    });
    expect(addonSteps('minikube', list).map((step) => step.argv.slice(1, 4))).toEqual([
      ['addons', 'enable', 'metrics-server'],
      ['addons', 'enable', 'storage-provisioner'],
    ]);
  });

  it('writes an encryption key once, and an audit policy that never logs Secret bodies', () => {
    const home = mkdtempSync(join(tmpdir(), 'minikube-home-'));
    const [encryption, audit] = writeNodeFiles({ encryption: true, audit: true }, home);
    expect(encryption).toBe(join(home, 'files', NODE_FILES.encryption));
    expect(statSync(encryption).mode & 0o777).toBe(0o600);
    const config = parse(readFileSync(encryption, 'utf8'));
    const key = config.resources[0].providers[0].aescbc.keys[0].secret;
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(writeNodeFiles({ encryption: true, audit: false }, home)).toEqual([]); // kept: Secrets stay readable
    expect(readFileSync(audit, 'utf8')).toBe(AUDIT_POLICY);
    expect(parse(AUDIT_POLICY).rules[0]).toEqual({
      level: 'Metadata',
      resources: [{ group: '', resources: ['secrets', 'configmaps'] }],
    });
  });
});

describe('nx run deploy:cluster-up, against a stand-in minikube', () => {
  const cli = join(root, 'tools/nx-deploy/src/cluster-cli.ts');
  const up = (state: Partial<ClusterState>) => {
    const fakes = fakeTools({ ...healthyCluster(), ...state });
    const result = spawnSync(process.execPath, ['--conditions=@todo/source', '--import', 'tsx', cli, 'up'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${fakes.path('minikube')}:${join(process.execPath, '..')}`,
        MINIKUBE_HOME: mkdtempSync(join(tmpdir(), 'mk-')),
      },
    });
    return { ...result, calls: fakes.calls() };
  };

  it('starts a stopped cluster, enables what is missing, and prints the hosts line', () => {
    const { status, calls, stdout } = up({ minikube: 'stopped', addons: { ingress: false, 'metrics-server': true } });
    expect(status).toBe(0);
    expect(calls.filter((call) => /minikube (start|addons enable)/.test(call))).toEqual([
      expect.stringMatching(/^minikube start --profile minikube --cpus 2 --memory 4g/),
      'minikube addons enable ingress --profile minikube',
      'minikube addons enable default-storageclass --profile minikube',
    ]);
    expect(stdout).toContain('echo "192.168.49.2 todo.local" | sudo tee -a /etc/hosts');
  });

  it('leaves a running cluster running', () => {
    const { status, calls } = up({});
    expect(status).toBe(0);
    expect(calls.some((call) => call.startsWith('minikube start'))).toBe(false);
  });
});
