import { lookup } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pinnedDir } from '@todo/kube-tools';
import { CNPG } from './cnpg.js';
import { GATEWAY_API_CRD, INSTALL_LINKERD, LINKERD } from './mesh.js';
import type { Target } from './options.js';
import { capture, which } from './shell.js';

/** A check that failed: the message is one line that says what is wrong and how to fix it. */
export class PreflightError extends Error {}

export interface Tools {
  docker: string;
  helm: string;
  helmMajor: number;
  kubectl: string;
  minikube?: string;
  /** Non-local deploys verify the images with it. */
  cosign?: string;
}

export interface PreflightInput {
  target: Target;
  /** Whether the release turns on a HorizontalPodAutoscaler (it needs metrics-server). */
  autoscaling: boolean;
  /** The ingress host, checked to resolve (Minikube); undefined when the ingress is off. */
  host?: string;
  /** Whether the release meshes its pods (mesh.enabled): Linkerd must be there. */
  mesh?: boolean;
  /** Whether the release's database is a CloudNativePG Cluster (database.mode): the operator's CRDs must be there. */
  cnpg?: boolean;
  env: NodeJS.ProcessEnv;
}

const INSTALL = {
  docker: 'install Docker Engine 24+ (https://docs.docker.com/engine/install/)',
  minikube: 'install minikube 1.34+ (https://minikube.sigs.k8s.io/docs/start/)',
  helm: 'install Helm 3.14+ (https://helm.sh/docs/intro/install/), or run `npx nx run deploy:helm-lint` to fetch the pinned one into tools/bin',
  cosign:
    'install cosign 2+ (https://docs.sigstore.dev/cosign/system_config/installation/): non-local deploys verify image signatures',
  kubectl:
    'install kubectl 1.30+ (https://kubernetes.io/docs/tasks/tools/), or run `npx nx run deploy:helm-lint` to fetch the pinned one into tools/bin',
  linkerd: INSTALL_LINKERD,
};

export function findTool(name: keyof typeof INSTALL, env: NodeJS.ProcessEnv): string {
  const onPath = which(name, env.PATH);
  if (onPath) return onPath;
  const pinned = join(pinnedDir(env), name);
  if ((name === 'helm' || name === 'kubectl') && existsSync(pinned)) return pinned;
  throw new PreflightError(`${name} not found: ${INSTALL[name]}`);
}

async function helmMajor(helm: string, env: NodeJS.ProcessEnv): Promise<number> {
  const { stdout } = await capture([helm, 'version', '--template', '{{.Version}}'], env);
  const [major, minor] = stdout.trim().replace(/^v/, '').split('.').map(Number);
  if (!(major > 3 || (major === 3 && minor >= 14)))
    throw new PreflightError(`helm ${stdout.trim() || '(unknown version)'} is too old: ${INSTALL.helm}`);
  return major;
}

async function minikubeRunning(minikube: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { stdout } = await capture([minikube, 'status', '--output', 'json'], env);
  let status: { Host?: string; APIServer?: string } | undefined;
  try {
    const parsed = JSON.parse(stdout);
    status = Array.isArray(parsed) ? parsed[0] : parsed; // one object per node on multi-node clusters
  } catch {
    status = undefined; // "Profile not found" is printed as text
  }
  if (status?.Host !== 'Running' || status.APIServer !== 'Running')
    throw new PreflightError('Minikube is not running: minikube start --cpus 2 --memory 4g --cni calico');
}

async function currentContext(kubectl: string, expected: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { code, stdout } = await capture([kubectl, 'config', 'current-context'], env);
  const current = stdout.trim();
  if (code !== 0 || !current)
    throw new PreflightError(`no current kube context, expected "${expected}": kubectl config use-context ${expected}`);
  if (current !== expected)
    throw new PreflightError(
      `the current kube context is "${current}", not "${expected}": kubectl config use-context ${expected}`,
    );
}

async function minikubeAddons(minikube: string, autoscaling: boolean, env: NodeJS.ProcessEnv): Promise<void> {
  const { stdout } = await capture([minikube, 'addons', 'list', '--output', 'json'], env);
  const addons = JSON.parse(stdout) as Record<string, { Status?: string }>;
  if (addons.ingress?.Status !== 'enabled')
    throw new PreflightError('the ingress addon is off: minikube addons enable ingress');
  if (autoscaling && addons['metrics-server']?.Status !== 'enabled')
    throw new PreflightError(
      'the autoscalers need metrics-server, which is off: minikube addons enable metrics-server',
    );
}

async function clusterMetrics(kubectl: string, context: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { code } = await capture([kubectl, '--context', context, 'get', '--raw', '/apis/metrics.k8s.io/v1beta1'], env);
  if (code !== 0)
    throw new PreflightError(
      'the autoscalers need the metrics API, which the cluster does not serve: install metrics-server (https://github.com/kubernetes-sigs/metrics-server)',
    );
}

async function defaultStorageClass(kubectl: string, target: Target, env: NodeJS.ProcessEnv): Promise<void> {
  const { code, stdout, stderr } = await capture(
    [kubectl, '--context', target.context, 'get', 'storageclass', '--output', 'json'],
    env,
  );
  if (code !== 0)
    throw new PreflightError(
      `cannot reach the cluster of context "${target.context}": ${stderr.trim().split('\n')[0] || `kubectl exited with ${code}`}`,
    );
  const { items = [] } = JSON.parse(stdout) as { items?: { metadata?: { annotations?: Record<string, string> } }[] };
  const isDefault = (annotations: Record<string, string> = {}) =>
    annotations['storageclass.kubernetes.io/is-default-class'] === 'true';
  if (!items.some((item) => isDefault(item.metadata?.annotations)))
    throw new PreflightError(
      target.kind === 'minikube'
        ? 'no default StorageClass for the database volume: minikube addons enable default-storageclass && minikube addons enable storage-provisioner'
        : 'no default StorageClass for the database volume: mark one with kubectl annotate storageclass <name> storageclass.kubernetes.io/is-default-class=true',
    );
}

/** Linkerd's control plane (its namespace) and the Gateway API (the chart's HTTPRoutes) must be on the cluster. */
async function meshInstalled(kubectl: string, context: string, env: NodeJS.ProcessEnv): Promise<void> {
  const found = async (...args: string[]) => (await capture([kubectl, '--context', context, 'get', ...args], env)).code;
  if ((await found('namespace', LINKERD.namespace)) !== 0 || (await found('crd', GATEWAY_API_CRD)) !== 0)
    throw new PreflightError(
      'mesh.enabled needs Linkerd on the cluster, which is not there: npx nx run deploy:mesh-up',
    );
}

/** The CloudNativePG operator's CRDs (Cluster, Pooler, ScheduledBackup) must be on the cluster. */
async function cnpgInstalled(kubectl: string, context: string, env: NodeJS.ProcessEnv): Promise<void> {
  for (const crd of CNPG.crds) {
    const { code } = await capture([kubectl, '--context', context, 'get', 'crd', crd], env);
    if (code !== 0)
      throw new PreflightError(
        `database.mode=cloudnative-pg needs the CloudNativePG operator, whose CRD ${crd} is not on the cluster: npx nx run deploy:cnpg-up`,
      );
  }
}

async function hostResolves(minikube: string, host: string, env: NodeJS.ProcessEnv): Promise<void> {
  const resolved = await lookup(host).then(
    () => true,
    () => false,
  );
  if (resolved) return;
  const ip = (await capture([minikube, 'ip'], env)).stdout.trim() || '<minikube ip>';
  throw new PreflightError(`${host} does not resolve: echo "${ip} ${host}" | sudo tee -a /etc/hosts`);
}

/** Checks, in order, everything a deploy needs; throws the first failure as a PreflightError. */
export async function preflight({ target, autoscaling, host, mesh, cnpg, env }: PreflightInput): Promise<Tools> {
  const docker = findTool('docker', env);
  const minikube = target.kind === 'minikube' ? findTool('minikube', env) : undefined;
  const cosign = target.kind === 'cluster' ? findTool('cosign', env) : undefined;
  const helm = findTool('helm', env);
  const kubectl = findTool('kubectl', env);
  const major = await helmMajor(helm, env);
  if (minikube) {
    await minikubeRunning(minikube, env);
    await currentContext(kubectl, target.context, env);
    await minikubeAddons(minikube, autoscaling, env);
  } else if (autoscaling) {
    await clusterMetrics(kubectl, target.context, env);
  }
  await defaultStorageClass(kubectl, target, env);
  if (mesh) await meshInstalled(kubectl, target.context, env);
  if (cnpg) await cnpgInstalled(kubectl, target.context, env);
  if (minikube && host) await hostResolves(minikube, host, env);
  return { docker, helm, helmMajor: major, kubectl, minikube, cosign };
}
