import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GATEWAY_API_URL, LINKERD, meshSteps, serverVersion } from '../src/mesh.js';
import { fakeTools, healthyCluster, type ClusterState } from './support/fake-tools.js';
import { MANIFESTS } from './support/linkerd-output.js';
import { root } from './support/run-deploy.js';

const notInstalled = { gatewayApi: false, viz: false };

describe('deploy:mesh-up plan', () => {
  it('reads the control plane version from `linkerd version --short`', () => {
    expect(serverVersion('edge-25.10.7\nunavailable\n')).toBeUndefined();
    expect(serverVersion('edge-25.10.7\nedge-25.10.7\n')).toBe('edge-25.10.7');
  });

  it('installs the Gateway API, the CNI plugin, the CRDs and the control plane with CNI, then checks', () => {
    const steps = meshSteps('linkerd', 'kubectl', 'minikube', notInstalled, false);
    expect(steps.map((s) => [...s.argv, ...(s.pipeTo ? ['|', ...s.pipeTo] : [])].join(' '))).toEqual([
      `kubectl --context minikube apply -f ${GATEWAY_API_URL}`,
      'linkerd --context minikube install-cni | kubectl --context minikube apply -f -',
      'linkerd --context minikube check --pre --linkerd-cni-enabled',
      'linkerd --context minikube install --crds | kubectl --context minikube apply -f -',
      'linkerd --context minikube install --linkerd-cni-enabled | kubectl --context minikube apply -f -',
      'linkerd --context minikube check',
    ]);
    expect(GATEWAY_API_URL).toBe(
      'https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml',
    );
  });

  it('keeps a Gateway API already there, and only checks an installed Linkerd', () => {
    const withGateway = meshSteps('linkerd', 'kubectl', 'minikube', { ...notInstalled, gatewayApi: true }, false);
    expect(withGateway.some((s) => s.argv.includes(GATEWAY_API_URL))).toBe(false);
    const installed = meshSteps(
      'linkerd',
      'kubectl',
      'minikube',
      { ...notInstalled, installed: 'edge-25.10.7' },
      false,
    );
    expect(installed.map((s) => s.argv.slice(3).join(' '))).toEqual(['check']);
  });

  it('adds linkerd-viz when asked, once', () => {
    const steps = meshSteps('linkerd', 'kubectl', 'minikube', { ...notInstalled, installed: 'edge-25.10.7' }, true);
    expect(steps.map((s) => s.argv.slice(3).join(' '))).toEqual(['viz install', 'check', 'viz check']);
    const again = meshSteps('linkerd', 'kubectl', 'minikube', { installed: 'x', gatewayApi: true, viz: true }, true);
    expect(again.map((s) => s.argv.slice(3).join(' '))).toEqual(['check', 'viz check']);
  });
});

describe('nx run deploy:mesh-up, against a stand-in linkerd and kubectl', () => {
  const cli = join(root, 'tools/nx-deploy/src/mesh-up.ts');
  const up = (linkerd: Partial<ClusterState['linkerd']>, tools = ['linkerd', 'kubectl'], ...args: string[]) => {
    const state = healthyCluster();
    const fakes = fakeTools({ ...state, linkerd: { ...state.linkerd, ...linkerd } });
    const result = spawnSync(process.execPath, ['--conditions=@todo/source', '--import', 'tsx', cli, ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${fakes.path(...tools)}:${join(process.execPath, '..')}`,
        KUBE_CONTEXT: 'minikube',
      },
    });
    return { ...result, calls: fakes.calls(), stdin: fakes.stdin() };
  };
  const cluster = (calls: string[]) => calls.filter((c) => c.includes('--context minikube'));

  it('says in one line how to get the CLI when linkerd is missing', () => {
    const { status, stderr, calls } = up({}, ['kubectl']);
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      `✖ linkerd not found: install the linkerd CLI ${LINKERD.version}: curl --proto '=https' --tlsv1.2 -sSfL https://run.linkerd.io/install-edge | LINKERD2_VERSION=${LINKERD.version} sh, then export PATH=$HOME/.linkerd2/bin:$PATH`,
    ]);
    expect(calls).toEqual([]);
  });

  it('installs everything on a cluster without Linkerd, piping the manifests to kubectl, and checks', () => {
    const { status, stdout, calls, stdin } = up({});
    expect(status).toBe(0);
    expect(cluster(calls)).toEqual([
      'linkerd --context minikube version --short',
      'kubectl --context minikube get crd httproutes.gateway.networking.k8s.io',
      'kubectl --context minikube get namespace linkerd-viz',
      `kubectl --context minikube apply -f ${GATEWAY_API_URL}`,
      'linkerd --context minikube install-cni',
      'kubectl --context minikube apply -f -',
      'linkerd --context minikube check --pre --linkerd-cni-enabled',
      'linkerd --context minikube install --crds',
      'kubectl --context minikube apply -f -',
      'linkerd --context minikube install --linkerd-cni-enabled',
      'kubectl --context minikube apply -f -',
      'linkerd --context minikube check',
    ]);
    expect(stdin).toBe(`${MANIFESTS.cni}\n${MANIFESTS.crds}\n${MANIFESTS.controlPlane}\n`);
    expect(stdout).toContain('> linkerd CLI edge-25.10.7\n');
    expect(stdout).toContain('Status check results are √'); // linkerd's own output, streamed
    expect(stdout).toContain('Mesh the app: npx nx run deploy:up --set mesh.enabled=true');
  });

  it('installs nothing when Linkerd is there, and only checks it', () => {
    const { status, stdout, calls, stdin } = up({ server: 'edge-25.10.7', gatewayApi: true });
    expect(status).toBe(0);
    expect(stdout).toContain('> Linkerd edge-25.10.7 is already installed in context "minikube": nothing to install');
    expect(calls.filter((c) => /install|apply/.test(c))).toEqual([]);
    expect(stdin).toBe('');
    expect(cluster(calls).at(-1)).toBe('linkerd --context minikube check');
  });

  it('stops at a failed pre-check, before the control plane', () => {
    const { status, stderr, stdout, calls } = up({ preCheckFails: true, gatewayApi: true });
    expect(status).toBe(1);
    expect(stdout).toContain('× can create non-namespaced resources');
    expect(stderr.trim()).toBe(
      '✖ Checking the cluster can take Linkerd failed (exit code 1): is the cluster of context "minikube" running?',
    );
    expect(calls.some((c) => c.includes('install --crds'))).toBe(false);
  });

  it('says which release it installs when the CLI is not the pinned one', () => {
    const { status, stdout } = up({ client: 'edge-25.11.1', server: 'edge-25.11.1' });
    expect(status).toBe(0);
    expect(stdout).toContain(
      `> The project is tested with ${LINKERD.version}; this CLI installs its own release (edge-25.11.1)`,
    );
  });

  it('with --viz, adds linkerd-viz and checks it', () => {
    const { status, calls, stdin } = up({ server: 'edge-25.10.7', gatewayApi: true }, ['linkerd', 'kubectl'], '--viz');
    expect(status).toBe(0);
    expect(cluster(calls).slice(-4)).toEqual([
      'linkerd --context minikube viz install',
      'kubectl --context minikube apply -f -',
      'linkerd --context minikube check',
      'linkerd --context minikube viz check',
    ]);
    expect(stdin).toBe(`${MANIFESTS.viz}\n`);
  });
});
