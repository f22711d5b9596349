import { describe, expect, it } from 'vitest';
import { fakeTools, healthyCluster, SHIMMED_IMAGE_TAG, type ClusterState } from './support/fake-tools.js';
import { resolvableHost, runDeploy } from './support/run-deploy.js';

const ALL = ['docker', 'minikube', 'helm', 'kubectl'];
const BOTH = ['backend', 'frontend'] as ('backend' | 'frontend')[];

const hostValues = resolvableHost();

async function deployWith(state: Partial<ClusterState>, options = {}, env = {}, tools = ALL) {
  const fakes = fakeTools({ ...healthyCluster(), ...state });
  const result = await runDeploy(
    { components: BOTH, values: [hostValues], ...options },
    { ...env, PATH: fakes.path(...tools) },
  );
  return { ...result, calls: fakes.calls() };
}

const upgradeCall = (calls: string[]) => calls.find((call) => call.startsWith('helm upgrade'));

describe('deploy to Minikube', () => {
  it('installs a new release: tags and loads both images, helm upgrade --install, rollouts, helm test, URL', async () => {
    const { ok, calls, printed } = await deployWith({});
    expect(ok).toBe(true);
    expect(calls).toContain(`docker tag todo-backend:local todo-backend:${SHIMMED_IMAGE_TAG}`);
    expect(calls).toContain(`minikube image load todo-backend:${SHIMMED_IMAGE_TAG}`);
    expect(calls).toContain(`minikube image load todo-frontend:${SHIMMED_IMAGE_TAG}`);
    expect(upgradeCall(calls)).toMatch(
      /^helm upgrade --install todo \S+\/dist\/deploy\/todo-0\.1\.0\.tgz --kube-context minikube --namespace todo --create-namespace --values \S+\/deploy\/environments\/local\.yaml --values \S+host\.yaml --set backend\.image\.tag=id-0123456789ab --set frontend\.image\.tag=id-0123456789ab --wait --timeout 5m --rollback-on-failure --description todo-deploy [0-9a-f]{16}$/,
    );
    expect(calls.filter((call) => call.startsWith('kubectl'))).toEqual([
      'kubectl config current-context',
      'kubectl --context minikube get storageclass --output json',
      'kubectl --context minikube create namespace todo',
      'kubectl --context minikube label namespace todo pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/audit=restricted pod-security.kubernetes.io/warn=restricted pod-security.kubernetes.io/enforce-version=latest',
      'kubectl --context minikube --namespace todo rollout status statefulset/todo-database --timeout 5m',
      'kubectl --context minikube --namespace todo rollout status deployment/todo-backend --timeout 5m',
      'kubectl --context minikube --namespace todo rollout status deployment/todo-frontend --timeout 5m',
    ]);
    expect(calls.at(-1)).toBe('helm test todo --kube-context minikube --namespace todo --logs --timeout 5m');
    expect(printed.at(-1)).toBe('> Deployed: https://localhost');
  });

  it('skips loading an image Minikube already has', async () => {
    const { calls } = await deployWith({ minikubeImages: [`docker.io/library/todo-backend:${SHIMMED_IMAGE_TAG}`] });
    expect(calls).not.toContain(`minikube image load todo-backend:${SHIMMED_IMAGE_TAG}`);
    expect(calls).toContain(`minikube image load todo-frontend:${SHIMMED_IMAGE_TAG}`);
  });

  it('does nothing the second time when nothing changed', async () => {
    const first = await deployWith({});
    const description = upgradeCall(first.calls)!.split('--description ')[1];
    const release = { revision: 1, status: 'deployed', description, values: {} };
    const again = await deployWith({
      release,
      minikubeImages: [`todo-backend:${SHIMMED_IMAGE_TAG}`, `todo-frontend:${SHIMMED_IMAGE_TAG}`],
    });
    expect(again.ok).toBe(true);
    expect(upgradeCall(again.calls)).toBeUndefined();
    expect(again.calls.some((call) => call.startsWith('helm test') || call.includes('rollout'))).toBe(false);
    expect(again.printed).toContain('> Release todo is up to date (revision 1): nothing to do');
  });

  it('deploys only the backend of an installed release, keeping the frontend tag', async () => {
    const release = {
      revision: 4,
      status: 'deployed',
      description: 'Upgrade complete',
      values: { frontend: { image: { tag: 'id-ffffffffffff' } } },
    };
    const { ok, calls } = await deployWith({ release }, { components: ['backend'] });
    expect(ok).toBe(true);
    expect(upgradeCall(calls)).toContain('--reset-then-reuse-values');
    expect(upgradeCall(calls)).toContain('--set backend.image.tag=id-0123456789ab --wait');
    expect(upgradeCall(calls)).not.toContain('frontend.image.tag');
    expect(calls).not.toContain(`minikube image load todo-frontend:${SHIMMED_IMAGE_TAG}`);
  });

  it('refuses a partial deploy before the release is installed', async () => {
    const { failure, calls } = await deployWith({}, { components: ['backend'] });
    expect(failure).toBe(
      '✖ release "todo" is not installed yet: install the whole release first with npx nx run deploy:up',
    );
    expect(upgradeCall(calls)).toBeUndefined();
  });

  it('reports a failed upgrade that Helm rolled back, and stops there', async () => {
    const { ok, failure, calls } = await deployWith({ upgradeFails: true });
    expect(ok).toBe(false);
    expect(failure).toMatch(
      /^✖ Installing release todo .* failed \(exit code 1\): Helm removed the failed install; kubectl/,
    );
    const release = { revision: 2, status: 'deployed', description: 'Upgrade complete', values: {} };
    const upgrade = await deployWith({ release, upgradeFails: true });
    expect(upgrade.failure).toMatch(
      /failed \(exit code 1\): Helm rolled the release back to its previous revision \(helm history todo -n todo\)$/,
    );
    expect(calls.some((call) => call.includes('rollout') || call.startsWith('helm test'))).toBe(false);
  });

  it('changes nothing on a dry run', async () => {
    const { ok, calls, printed } = await deployWith({}, { dryRun: true });
    expect(ok).toBe(true);
    expect(calls.some((call) => /^(docker tag|minikube image load|helm upgrade|helm test)/.test(call))).toBe(false);
    expect(printed).toContain(`> would run: docker tag todo-backend:local todo-backend:${SHIMMED_IMAGE_TAG}`);
    expect(printed.some((line) => line.startsWith('> would run: ') && line.includes(' upgrade --install todo '))).toBe(
      true,
    );
  });
});

describe('deploy to a cluster with a registry', () => {
  const staging = { KUBE_CONTEXT: 'staging-eks', IMAGE_REGISTRY: 'ghcr.io/me/', COSIGN_PUBLIC_KEY: '/keys/cosign.pub' };
  const ref = (component: string) => `ghcr.io/me/todo-${component}:${SHIMMED_IMAGE_TAG}`;
  const digest = `sha256:${'ab'.repeat(32)}`; // what the cosign stand-in reports, as cosign verify prints it
  const deployStaging = (state: Partial<ClusterState> = {}, options = {}, env: Record<string, string> = staging) =>
    deployWith(state, { environment: 'staging', values: [], ...options }, { ...env, PATH: '' }, [...ALL, 'cosign']);

  it('pushes the images to IMAGE_REGISTRY, verifies them, and deploys to KUBE_CONTEXT', async () => {
    const { ok, calls, printed } = await deployStaging();
    expect(ok).toBe(true);
    const cosign = calls.filter((call) => call.startsWith('cosign'));
    expect(cosign).toEqual(
      ['backend', 'frontend'].flatMap((c) => [
        `cosign verify --key /keys/cosign.pub ${ref(c)}`,
        `cosign verify-attestation --type cyclonedx --key /keys/cosign.pub ${ref(c)}@${digest}`,
      ]),
    );
    // The release runs the very images verified: pinned by the digest cosign checked.
    for (const c of ['backend', 'frontend']) expect(upgradeCall(calls)).toContain(`--set ${c}.image.digest=${digest}`);
    // After the pushes, before the release changes.
    expect(calls.indexOf(cosign[0])).toBeGreaterThan(calls.indexOf(`docker push ${ref('frontend')}`));
    expect(calls.indexOf(cosign.at(-1)!)).toBeLessThan(calls.indexOf(upgradeCall(calls)!));
    expect(printed).toContain(`> Verifying the SBOM attestation of ${ref('backend')}@${digest}`);
    expect(calls).toContain(`docker push ghcr.io/me/todo-backend:${SHIMMED_IMAGE_TAG}`);
    expect(calls.some((call) => call.startsWith('minikube'))).toBe(false);
    expect(upgradeCall(calls)).toContain('--kube-context staging-eks --namespace todo');
    expect(upgradeCall(calls)).toContain('--set image.registry=ghcr.io/me');
  });

  it('verifies keyless signatures against the identity and issuer given', async () => {
    const identity = 'https://github.com/me/todo/.github/workflows/ci.yml@refs/heads/main';
    const { ok, calls } = await deployStaging(
      {},
      { certificateIdentity: identity, certificateOidcIssuer: 'https://token.actions.githubusercontent.com' },
      { KUBE_CONTEXT: 'staging-eks', IMAGE_REGISTRY: 'ghcr.io/me' },
    );
    expect(ok).toBe(true);
    expect(calls).toContain(
      `cosign verify --certificate-identity ${identity} --certificate-oidc-issuer https://token.actions.githubusercontent.com ${ref('backend')}`,
    );
  });

  it('stops before the release changes when an image is not signed', async () => {
    const { ok, failure, calls } = await deployStaging({ signed: false });
    expect(ok).toBe(false);
    expect(failure).toBe(
      `✖ Verifying the signature of ${ref('backend')} failed: no matching signatures: no signatures found (npx nx run-many -t sign)`,
    );
    expect(upgradeCall(calls)).toBeUndefined();
  });

  it('refuses to start without a verification policy, or without cosign', async () => {
    const noPolicy = await deployStaging({}, {}, { KUBE_CONTEXT: 'staging-eks', IMAGE_REGISTRY: 'ghcr.io/me' });
    expect(noPolicy.failure).toMatch(/^✖ no image verification policy: set COSIGN_PUBLIC_KEY/);
    expect(noPolicy.calls).toEqual([]);
    const fakes = fakeTools(healthyCluster());
    const noCosign = await runDeploy(
      { components: BOTH, environment: 'staging' },
      { ...staging, PATH: fakes.path(...ALL) },
    );
    expect(noCosign.failure).toMatch(/^✖ cosign not found: install cosign 2\+ /);
  });

  it('prints the verification on a dry run, and says Minikube skips it', async () => {
    const dry = await deployStaging({}, { dryRun: true });
    expect(dry.calls.some((call) => call.startsWith('cosign'))).toBe(false);
    expect(dry.printed.some((line) => /^> would run: cosign verify --key \/keys\/cosign\.pub /.test(line))).toBe(true);
    const local = await deployWith({});
    expect(local.calls.some((call) => call.startsWith('cosign'))).toBe(false);
    expect(local.printed).toContain(
      '> Skipping image signature verification: local images are built here, not pulled from a registry',
    );
  });
});
