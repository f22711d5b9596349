// The smoke target's command line: smoke-run.ts [--environment=local|staging|production]
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '@todo/local-stack/ports';
import { normalizeOptions, resolveTarget, UsageError } from './options.js';
import { appUrl } from './plan.js';
import { findTool, PreflightError } from './preflight.js';
import { capture } from './shell.js';
import { backendChecks, ingressChecks, networkPolicyChecks, portForward, runChecks, type Cluster } from './smoke.js';
import { releaseSettings } from './values.js';

const root = resolve(import.meta.dirname, '../../..');

async function main(): Promise<boolean> {
  const { values } = parseArgs({ options: { environment: { type: 'string', default: 'local' } } });
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
  if (image.code !== 0)
    throw new UsageError(
      `the release's database was not found: ${image.stderr.trim()} (deploy first: npx nx run deploy:up)`,
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
