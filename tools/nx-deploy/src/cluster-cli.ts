// `nx run deploy:cluster-up [--encryption] [--audit]` and `nx run deploy:cluster-down`.
import { parseCli, refuse } from '@todo/cli';
import { addonSteps, CLUSTER, startStep, writeNodeFiles } from './cluster.js';
import { exitOnStepError, runStep, runSteps } from '@todo/cli/steps';
import { capture, which } from './shell.js';

const { positionals, values } = parseCli({
  usage: `Usage: cluster-cli.ts up [--encryption] [--audit] | down
       (npx nx run deploy:cluster-up, npx nx run deploy:cluster-down)

up    starts the Minikube profile (Kubernetes ${CLUSTER.kubernetesVersion}, ${CLUSTER.cpus} CPUs, ${CLUSTER.memory}, ${CLUSTER.cni}) and
      enables the ingress, metrics-server and storage addons; idempotent
down  stops it

  --encryption  Secrets encrypted at rest (a key made once under $MINIKUBE_HOME/files), from the next start
  --audit       an API audit log of changes in the app's namespace, from the next start`,
  allowPositionals: true,
  options: { encryption: { type: 'boolean', default: false }, audit: { type: 'boolean', default: false } },
});
const [command, ...extra] = positionals;
if (command !== 'up' && command !== 'down')
  refuse(command ? `unknown command "${command}": use up or down` : 'up or down?');
if (extra.length > 0) refuse(`unexpected argument "${extra[0]}"`);
if (command === 'down' && (values.encryption || values.audit)) refuse('--encryption and --audit go with up');
const minikube = which('minikube');
if (!minikube) {
  console.error('✖ minikube not found: install minikube 1.34+ (https://minikube.sigs.k8s.io/docs/start/)');
  process.exit(1);
}
const profile = ['--profile', CLUSTER.profile];

if (command === 'down') {
  await runStep({ title: `Stopping Minikube profile ${CLUSTER.profile}`, argv: [minikube, 'stop', ...profile] }).catch(
    exitOnStepError,
  );
} else {
  for (const file of writeNodeFiles(values)) console.log(`> Wrote ${file}`);
  const status = await capture([minikube, 'status', '--output', 'json', ...profile]);
  const running = /"APIServer":\s*"Running"/.test(status.stdout);
  if (running && (values.encryption || values.audit))
    console.log(
      '> Minikube is already running: API server options apply at its next start (cluster-down, then cluster-up)',
    );
  if (running) console.log(`> Minikube profile ${CLUSTER.profile} is running`);
  else await runStep(startStep(minikube, values)).catch(exitOnStepError);
  const addons = await capture([minikube, 'addons', 'list', '--output', 'json', ...profile]);
  await runSteps(addonSteps(minikube, addons.stdout)).catch(exitOnStepError);
  const ip = (await capture([minikube, 'ip', ...profile])).stdout.trim();
  console.log(`> Ready. If todo.local does not resolve yet: echo "${ip} todo.local" | sudo tee -a /etc/hosts`);
}
