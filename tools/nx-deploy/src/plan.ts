import { createHash } from 'node:crypto';
import type { Step } from '@todo/cli/steps';
import { COMPONENTS, type Component } from '@todo/images/build';
import type { ImageRef } from './images.js';
import type { DeployOptions, Target } from './options.js';
import type { Tools } from './preflight.js';
import type { ReleaseSettings } from './values.js';

/** The release as it is in the cluster: its last revision, and the image tags it was given. */
export interface ReleaseState {
  revision: number;
  status: string;
  description: string;
  tags: Partial<Record<Component, string>>;
}

export interface ReleaseInput {
  options: DeployOptions;
  target: Target;
  tools: Pick<Tools, 'helm' | 'helmMajor' | 'kubectl'>;
  chart: string;
  /** The environment's values file, then the extra ones. */
  valuesFiles: string[];
  images: ImageRef[];
  /** sha256 of the chart and the values files' contents. */
  inputsDigest: string;
  settings: ReleaseSettings;
  current?: ReleaseState;
}

const DESCRIPTION_PREFIX = 'todo-deploy ';

/** The --set pairs of this deploy: the new image tags (and the digests verified), the registry, then the user's own. */
function setPairs({ images, target, options }: ReleaseInput): string[] {
  return [
    ...images.flatMap((image) => [
      `${image.component}.image.tag=${image.tag}`,
      ...(image.digest ? [`${image.component}.image.digest=${image.digest}`] : []),
    ]),
    ...(target.registry ? [`image.registry=${target.registry}`] : []),
    ...options.set,
  ];
}

/**
 * Identifies what a deploy applies: chart, values, every component's tag (the new ones, and the ones the release
 * keeps). Stored as the revision's description, so the same deploy again is recognised and skipped.
 */
export function fingerprint(input: ReleaseInput): string {
  const { current, images, inputsDigest, options, target } = input;
  const tags = { ...current?.tags, ...Object.fromEntries(images.map((image) => [image.component, image.tag])) };
  const sorted = Object.keys(tags)
    .sort()
    .map((component) => [component, tags[component as keyof typeof tags]]);
  const subject = JSON.stringify([inputsDigest, options.environment, sorted, target.registry ?? '', options.set]);
  return createHash('sha256').update(subject).digest('hex').slice(0, 16);
}

/** Nothing to do when the last revision deployed this very fingerprint successfully. */
export function upToDate(input: ReleaseInput): boolean {
  const { current } = input;
  return current?.status === 'deployed' && current.description === DESCRIPTION_PREFIX + fingerprint(input);
}

/** Why the release cannot go ahead, or undefined. */
export function blocked(input: ReleaseInput): string | undefined {
  const { current, images, options } = input;
  if (!current && images.length < 2)
    return `release "${options.release}" is not installed yet: install the whole release first with npx nx run deploy:up${options.environment === 'local' ? '' : ` --configuration=${options.environment}`}`;
  if (current && /^pending-/.test(current.status))
    return `release "${options.release}" is ${current.status} (another deploy running, or one that was killed): wait, or helm rollback ${options.release} -n ${options.namespace}`;
  return undefined;
}

const kubeFlags = ({ options, target }: ReleaseInput) => [
  '--kube-context',
  target.context,
  '--namespace',
  options.namespace,
];

/** helm upgrade --install with the environment's values, the new tags, waiting and rolling back on failure. */
export function helmUpgrade(input: ReleaseInput): Step {
  const { options, tools, chart, valuesFiles, current } = input;
  const argv = [tools.helm, 'upgrade', '--install', options.release, chart, ...kubeFlags(input)];
  if (!current) argv.push('--create-namespace');
  // A partial deploy keeps what the release has (the other component's tag) under the new defaults and values.
  if (current) argv.push('--reset-then-reuse-values');
  for (const file of valuesFiles) argv.push('--values', file);
  for (const pair of setPairs(input)) argv.push('--set', pair);
  argv.push('--wait', '--timeout', options.timeout);
  argv.push(tools.helmMajor >= 4 ? '--rollback-on-failure' : '--atomic');
  argv.push('--description', DESCRIPTION_PREFIX + fingerprint(input));
  const what = input.images.map((i) => `${i.component} ${i.tag}`).join(', ') || 'values only';
  const onFailure = current
    ? `Helm rolled the release back to its previous revision (helm history ${options.release} -n ${options.namespace})`
    : `Helm removed the failed install; kubectl -n ${options.namespace} get events --sort-by=.lastTimestamp shows why`;
  return { title: `${current ? 'Upgrading' : 'Installing'} release ${options.release} (${what})`, argv, onFailure };
}

/**
 * The release's own database workloads, in start order: the StatefulSet, or the CloudNativePG Cluster (its Ready
 * condition); then PgBouncer's Deployment (CloudNativePG's Pooler is the operator's to roll out). None for an
 * external database.
 */
function databaseWorkloads({ settings, options }: ReleaseInput): string[] {
  const name = `${options.release}-database`;
  if (settings.database === 'external') return [];
  if (settings.database === 'cloudnative-pg') return [`cluster/${name}`];
  return [`statefulset/${name}`, ...(settings.pooler ? [`deployment/${options.release}-pooler`] : [])];
}

/** Waits for the rollouts of the components this deploy changed (the whole release on install). */
export function rollouts(input: ReleaseInput): Step[] {
  const { options, tools, target, images, current } = input;
  const workloads = current
    ? images.map((image) => `deployment/${options.release}-${image.component}`)
    : [...databaseWorkloads(input), `deployment/${options.release}-backend`, `deployment/${options.release}-frontend`];
  const kubectl = [tools.kubectl, '--context', target.context, '--namespace', options.namespace];
  return workloads.map((workload) => ({
    title: `Waiting for ${workload}`,
    argv: workload.startsWith('cluster/')
      ? [...kubectl, 'wait', '--for=condition=Ready', workload, '--timeout', options.timeout]
      : [...kubectl, 'rollout', 'status', workload, '--timeout', options.timeout],
  }));
}

export function helmTest(input: ReleaseInput): Step {
  const { options, tools } = input;
  return {
    title: `Running helm test ${options.release}`,
    argv: [tools.helm, 'test', options.release, ...kubeFlags(input), '--logs', '--timeout', options.timeout],
  };
}

/** Every step after the images are in place, in order; empty when the release is up to date. */
export function planRelease(input: ReleaseInput): Step[] {
  if (upToDate(input)) return [];
  return [helmUpgrade(input), ...rollouts(input), ...(input.options.skipTests ? [] : [helmTest(input)])];
}

/** Where the app answers once deployed. */
export function appUrl({ settings, options }: Pick<ReleaseInput, 'settings' | 'options'>): string {
  if (settings.ingress) return `${settings.ingress.tls ? 'https' : 'http'}://${settings.ingress.host}`;
  return `http://127.0.0.1:3000 after: kubectl -n ${options.namespace} port-forward svc/${options.release}-frontend 3000:3000`;
}

/** Parses `helm history -o json` and `helm get values -o json` into the release's state. */
export function parseReleaseState(history: string, values: string): ReleaseState | undefined {
  const revisions = JSON.parse(history) as { revision: number; status: string; description: string }[];
  const last = revisions.at(-1);
  if (!last) return undefined;
  const supplied = (JSON.parse(values || '{}') ?? {}) as Record<string, { image?: { tag?: string } } | undefined>;
  const tags: ReleaseState['tags'] = {};
  for (const component of COMPONENTS) {
    const tag = supplied[component]?.image?.tag;
    if (tag) tags[component] = tag;
  }
  return { revision: last.revision, status: last.status, description: last.description, tags };
}
