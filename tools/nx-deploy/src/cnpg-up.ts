// `nx run deploy:cnpg-up`: installs the CloudNativePG operator at the pinned version on the cluster of KUBE_CONTEXT
// (default minikube) and waits for it; then `--set database.mode=cloudnative-pg` (deploy/docs/cnpg.md).
import { CNPG, cnpgSteps } from './cnpg.js';
import { findTool, PreflightError } from './preflight.js';
import { stream } from './shell.js';

const context = process.env.KUBE_CONTEXT || 'minikube';
const fail = (line: string): never => {
  console.error(`✖ ${line}`);
  process.exit(1);
};

let kubectl = '';
try {
  kubectl = findTool('kubectl', process.env);
} catch (error) {
  if (error instanceof PreflightError) fail(error.message);
  throw error;
}

for (const step of cnpgSteps(kubectl, context)) {
  console.log(`> ${step.title}`);
  const code = await stream(step.argv);
  if (code !== 0) fail(`${step.title} failed (exit code ${code}); is the cluster of context "${context}" running?`);
}
console.log(
  `> CloudNativePG ${CNPG.version} is ready in context "${context}": deploy with --set database.mode=cloudnative-pg`,
);
