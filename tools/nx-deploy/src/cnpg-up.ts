// `nx run deploy:cnpg-up`: installs the CloudNativePG operator at the pinned version on the cluster of KUBE_CONTEXT
// (default minikube) and waits for it; then `--set database.mode=cloudnative-pg` (deploy/docs/cnpg.md).
import { CNPG, cnpgSteps } from './cnpg.js';
import { findTool, PreflightError } from './preflight.js';
import { exitOnStepError, runSteps } from '@todo/cli/steps';

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

await runSteps(cnpgSteps(kubectl, context), { onFailure: `is the cluster of context "${context}" running?` }).catch(
  exitOnStepError,
);
console.log(
  `> CloudNativePG ${CNPG.version} is ready in context "${context}": deploy with --set database.mode=cloudnative-pg`,
);
