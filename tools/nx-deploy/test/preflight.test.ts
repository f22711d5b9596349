import { describe, expect, it } from 'vitest';
import { fakeTools, healthyCluster, type ClusterState } from './support/fake-tools.js';
import { resolvableHost, runDeploy } from './support/run-deploy.js';

const ALL = ['docker', 'minikube', 'helm', 'kubectl'];

async function failure(state: Partial<ClusterState>, tools = ALL, options = {}) {
  const fakes = fakeTools({ ...healthyCluster(), ...state });
  const result = await runDeploy(
    { components: ['backend', 'frontend'], dryRun: true, values: [resolvableHost()], ...options },
    { PATH: fakes.path(...tools) },
  );
  expect(result.ok).toBe(false);
  return result.failure;
}

describe('preflight: one line with the fix for each missing piece', () => {
  it.each([
    ['docker', /^✖ docker not found: install Docker Engine/],
    ['minikube', /^✖ minikube not found: install minikube 1\.34\+ \(https:\/\/minikube\.sigs\.k8s\.io/],
    ['helm', /^✖ helm not found: install Helm 3\.14\+ .*npx nx run deploy:helm-lint/],
    ['kubectl', /^✖ kubectl not found: install kubectl/],
  ])('%s missing from PATH', async (tool, line) => {
    expect(
      await failure(
        {},
        ALL.filter((t) => t !== tool),
      ),
    ).toMatch(line);
  });

  it('helm older than 3.14', async () => {
    expect(await failure({ helmVersion: 'v3.12.3' })).toMatch(/^✖ helm v3\.12\.3 is too old: install Helm 3\.14\+/);
  });

  it.each(['stopped', 'no-profile'] as const)('Minikube %s', async (minikube) => {
    expect(await failure({ minikube })).toBe(
      '✖ Minikube is not running: minikube start --cpus 2 --memory 4g --cni calico',
    );
  });

  it('another kube context is current', async () => {
    expect(await failure({ context: 'kind-dev' })).toBe(
      '✖ the current kube context is "kind-dev", not "minikube": kubectl config use-context minikube',
    );
  });

  it('no kube context is set', async () => {
    expect(await failure({ context: null })).toBe(
      '✖ no current kube context, expected "minikube": kubectl config use-context minikube',
    );
  });

  it('the ingress addon is off', async () => {
    expect(await failure({ addons: { ingress: false, 'metrics-server': true } })).toBe(
      '✖ the ingress addon is off: minikube addons enable ingress',
    );
  });

  it('metrics-server is off while an autoscaler is on, and does not matter when none is', async () => {
    const off = { addons: { ingress: true, 'metrics-server': false } };
    expect(await failure(off, ALL, { set: ['backend.autoscaling.enabled=true'] })).toBe(
      '✖ the autoscalers need metrics-server, which is off: minikube addons enable metrics-server',
    );
    const fakes = fakeTools({ ...healthyCluster(), ...off });
    const result = await runDeploy(
      { components: ['backend', 'frontend'], dryRun: true, values: [resolvableHost()] },
      { PATH: fakes.path(...ALL) },
    );
    expect(result.ok).toBe(true);
  });

  it('mesh.enabled without Linkerd on the cluster, and with it', async () => {
    const mesh = { set: ['mesh.enabled=true'] };
    const line = '✖ mesh.enabled needs Linkerd on the cluster, which is not there: npx nx run deploy:mesh-up';
    expect(await failure({}, ALL, mesh)).toBe(line);
    const linkerd = { client: 'edge-25.10.7', server: 'edge-25.10.7', gatewayApi: false, viz: false };
    expect(await failure({ linkerd }, ALL, mesh)).toBe(line); // the chart's HTTPRoutes need the Gateway API
    const fakes = fakeTools({ ...healthyCluster(), linkerd: { ...linkerd, gatewayApi: true } });
    const result = await runDeploy(
      { components: ['backend', 'frontend'], dryRun: true, values: [resolvableHost()], ...mesh },
      { PATH: fakes.path(...ALL) },
    );
    expect(result.ok).toBe(true);
    expect(fakes.calls()).toContain('kubectl --context minikube get namespace linkerd');
  });

  it('database.mode=cloudnative-pg without the operator on the cluster, and with it', async () => {
    const cnpg = { set: ['database.mode=cloudnative-pg'] };
    expect(await failure({}, ALL, cnpg)).toBe(
      '✖ database.mode=cloudnative-pg needs the CloudNativePG operator, whose CRD clusters.postgresql.cnpg.io is not on the cluster: npx nx run deploy:cnpg-up',
    );
    const fakes = fakeTools({ ...healthyCluster(), cnpg: true });
    const result = await runDeploy(
      { components: ['backend', 'frontend'], dryRun: true, values: [resolvableHost()], ...cnpg },
      { PATH: fakes.path(...ALL) },
    );
    expect(result.ok).toBe(true);
    expect(fakes.calls()).toContain('kubectl --context minikube get crd poolers.postgresql.cnpg.io');
    const plain = fakeTools({ ...healthyCluster(), cnpg: false });
    await runDeploy(
      { components: ['backend', 'frontend'], dryRun: true, values: [resolvableHost()] },
      { PATH: plain.path(...ALL) },
    );
    expect(plain.calls().filter((call) => call.includes('cnpg'))).toEqual([]);
  });

  it('no default StorageClass', async () => {
    expect(await failure({ defaultStorageClass: false })).toMatch(
      /^✖ no default StorageClass for the database volume: minikube addons enable default-storageclass/,
    );
  });

  it('the ingress host does not resolve: prints the hosts-file line with the Minikube IP', async () => {
    const fakes = fakeTools(healthyCluster());
    const result = await runDeploy({ components: ['backend', 'frontend'], dryRun: true }, { PATH: fakes.path(...ALL) });
    expect(result.failure).toBe(
      '✖ todo.local does not resolve: echo "192.168.49.2 todo.local" | sudo tee -a /etc/hosts',
    );
  });

  it('staging without KUBE_CONTEXT or IMAGE_REGISTRY', async () => {
    const fakes = fakeTools(healthyCluster());
    const noContext = await runDeploy(
      { environment: 'staging', components: ['backend'] },
      { PATH: fakes.path(...ALL) },
    );
    expect(noContext.failure).toMatch(/^✖ KUBE_CONTEXT is not set: name the staging cluster's kube context/);
    const noRegistry = await runDeploy(
      { environment: 'staging', components: ['backend'] },
      { PATH: fakes.path(...ALL), KUBE_CONTEXT: 'eks' },
    );
    expect(noRegistry.failure).toMatch(/^✖ IMAGE_REGISTRY is not set/);
  });

  it('checks in order and stops at the first failure: nothing is deployed', async () => {
    const fakes = fakeTools({ ...healthyCluster(), minikube: 'stopped', context: 'kind-dev' });
    await runDeploy({ components: ['backend', 'frontend'], values: [resolvableHost()] }, { PATH: fakes.path(...ALL) });
    expect(fakes.calls()).toEqual(['helm version --template {{.Version}}', 'minikube status --output json']);
  });
});
