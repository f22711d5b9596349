// The smoke target's command line: smoke-run.ts [--environment=local|staging|production]
import { join, resolve } from 'node:path';
import { parseCli } from '@todo/cli';
import { freePort } from '@todo/local-stack/ports';
import { normalizeOptions, resolveTarget, UsageError } from './options.js';
import { appUrl } from './plan.js';
import { findTool, PreflightError } from './preflight.js';
import { capture } from './shell.js';
import { backendChecks, ingressChecks, networkPolicyChecks, portForward, runChecks, type Cluster } from './smoke.js';
import { releaseSettings } from './values.js';

const root = resolve(import.meta.dirname, '../../..');

async function main(): Promise<boolean> {
  const { values } = parseCli({
    usage: `Usage: smoke-run.ts [--environment=local|staging|production]   (npx nx run deploy:smoke)

Checks a deployed release at the curl level: the ingress (TLS, headers, pages), the API through a port-forward, and
the NetworkPolicies (allowed and refused flows). staging and production use KUBE_CONTEXT.`,
    options: { environment: { type: 'string', default: 'local' } },
  });
  const options = normalizeOptions({ environment: values.environment as 'local' });
  const target = resolveTarget(options.environment, process.env);
  const settings = releaseSettings(
    [join(root, 'deploy/charts/todo/values.yaml'), join(root, 'deploy/environments', `${options.environment}.yaml`)],
    [],
  );
  const kubectl = findTool('kubectl', process.env);
  const cluster: Cluster = { kubectl, context: target.context, namespace: options.namespace, release: options.release };

  const checks = settings.ingress ? ingressChecks(appUrl({ settings, options })) : [];
  const image = await capture([
    kubectl,
    '--context',
    cluster.context,
    '--namespace',
    cluster.namespace,
    'get',
    'statefulset',
    `${cluster.release}-database`,
    '--output',
    'jsonpath={.spec.template.spec.containers[0].image}',
  ]);
  if (image.code !== 0 && !/NotFound|not found/.test(image.stderr))
    throw new UsageError(
      `cannot reach the cluster of context "${cluster.context}": ${image.stderr.trim().split('\n')[0] || `kubectl exited with ${image.code}`} (${target.kind === 'minikube' ? 'start it: npx nx run deploy:cluster-up' : 'check KUBE_CONTEXT'})`,
    );
  if (image.code !== 0)
    throw new UsageError(
      `release "${cluster.release}" is not deployed in namespace ${cluster.namespace}: deploy first (npx nx run deploy:up)`,
    );
  const forward = await portForward(cluster, await freePort());
  try {
    return await runChecks([
      ...checks,
      ...backendChecks(forward.url),
      ...networkPolicyChecks(cluster, image.stdout.trim()),
    ]);
  } finally {
    forward.stop();
  }
}

try {
  process.exitCode = (await main()) ? 0 : 1;
} catch (error) {
  if (!(error instanceof UsageError || error instanceof PreflightError)) throw error;
  console.error(`✖ ${error.message}`);
  process.exitCode = 1;
}
