// `nx run deploy:mesh-up [--viz]`: installs Linkerd (CNI plugin, CRDs, control plane; linkerd-viz with --viz) on the
// cluster of KUBE_CONTEXT (default minikube) with the linkerd CLI, unless it is there already; then `linkerd check`.
import { parseCli } from '@todo/cli';
import { howToUseTheMesh, GATEWAY_API_CRD, LINKERD, meshSteps, serverVersion } from './mesh.js';
import { findTool, PreflightError } from './preflight.js';
import { exitOnStepError, runSteps } from '@todo/cli/steps';
import { capture } from './shell.js';

const { values } = parseCli({
  usage: `Usage: mesh-up.ts [--viz]   (npx nx run deploy:mesh-up)

Installs Linkerd with its CNI plugin (and the Gateway API CRDs when missing) on the cluster of KUBE_CONTEXT (default
minikube) with the linkerd CLI, unless it is there already; then runs linkerd check.

  --viz  also install linkerd-viz`,
  options: { viz: { type: 'boolean', default: false } },
});
const context = process.env.KUBE_CONTEXT || 'minikube';
const fail = (line: string): never => {
  console.error(`✖ ${line}`);
  process.exit(1);
};

let linkerd = '';
let kubectl = '';
try {
  linkerd = findTool('linkerd', process.env);
  kubectl = findTool('kubectl', process.env);
} catch (error) {
  if (error instanceof PreflightError) fail(error.message);
  throw error;
}

const client = (await capture([linkerd, 'version', '--client', '--short'])).stdout.trim();
console.log(`> linkerd CLI ${client}`);
if (client !== LINKERD.version)
  console.log(`> The project is tested with ${LINKERD.version}; this CLI installs its own release (${client})`);

const version = await capture([linkerd, '--context', context, 'version', '--short']);
if (version.code !== 0)
  fail(`cannot reach the cluster of context "${context}": ${version.stderr.trim().split('\n')[0]}`);
const installed = serverVersion(version.stdout);
const exists = async (...args: string[]) => (await capture([kubectl, '--context', context, 'get', ...args])).code === 0;
const state = {
  installed,
  gatewayApi: await exists('crd', GATEWAY_API_CRD),
  viz: await exists('namespace', LINKERD.vizNamespace),
};
if (installed) console.log(`> Linkerd ${installed} is already installed in context "${context}": nothing to install`);

await runSteps(meshSteps(linkerd, kubectl, context, state, values.viz), {
  onFailure: `is the cluster of context "${context}" running?`,
}).catch(exitOnStepError);
for (const line of howToUseTheMesh(context)) console.log(line);
