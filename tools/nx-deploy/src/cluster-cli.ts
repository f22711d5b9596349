// `nx run deploy:cluster-up [--encryption] [--audit]` and `nx run deploy:cluster-down`.
import { parseArgs } from 'node:util';
import { addonSteps, CLUSTER, startStep, writeNodeFiles } from './cluster.js';
import { capture, stream, which } from './shell.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { encryption: { type: 'boolean', default: false }, audit: { type: 'boolean', default: false } },
});
const minikube = which('minikube');
if (!minikube) {
  console.error('✖ minikube not found: install minikube 1.34+ (https://minikube.sigs.k8s.io/docs/start/)');
  process.exit(1);
}
const run = async (title: string, argv: string[]) => {
  console.log(`> ${title}`);
  const code = await stream(argv);
  if (code !== 0) {
    console.error(`✖ ${title} failed (exit code ${code})`);
    process.exit(1);
  }
};
const profile = ['--profile', CLUSTER.profile];

if (positionals[0] === 'down') {
  await run(`Stopping Minikube profile ${CLUSTER.profile}`, [minikube, 'stop', ...profile]);
} else if (positionals[0] === 'up') {
  for (const file of writeNodeFiles(values)) console.log(`> Wrote ${file}`);
  const status = await capture([minikube, 'status', '--output', 'json', ...profile]);
  const running = /"APIServer":\s*"Running"/.test(status.stdout);
  if (running && (values.encryption || values.audit))
    console.log(
      '> Minikube is already running: API server options apply at its next start (cluster-down, then cluster-up)',
    );
  if (running) console.log(`> Minikube profile ${CLUSTER.profile} is running`);
  else {
    const step = startStep(minikube, values);
    await run(step.title, step.argv);
  }
  const addons = await capture([minikube, 'addons', 'list', '--output', 'json', ...profile]);
  for (const step of addonSteps(minikube, addons.stdout)) await run(step.title, step.argv);
  const ip = (await capture([minikube, 'ip', ...profile])).stdout.trim();
  console.log(`> Ready. If todo.local does not resolve yet: echo "${ip} todo.local" | sudo tee -a /etc/hosts`);
} else {
  console.error('Usage: cluster-cli.ts up [--encryption] [--audit] | down');
  process.exit(2);
}
