// `nx run deploy:monitoring-up`: installs kube-prometheus-stack on the cluster (KUBE_CONTEXT, default minikube) with
// the small values of deploy/environments/monitoring-local.yaml, then prints how to open Grafana.
import { join, resolve } from 'node:path';
import { parseCli } from '@todo/cli';
import { kubeTool } from '@todo/kube-tools';
import { howToOpenGrafana, monitoringSteps } from './monitoring.js';
import { exitOnStepError, runSteps } from '@todo/cli/steps';

parseCli({
  usage: `Usage: monitoring-up.ts   (npx nx run deploy:monitoring-up)

Installs kube-prometheus-stack (KUBE_PROMETHEUS_STACK_VERSION overrides the pinned version) into the namespace
monitoring of the cluster of KUBE_CONTEXT (default minikube), then prints how to open Grafana.`,
});
const root = resolve(import.meta.dirname, '../../..');
const context = process.env.KUBE_CONTEXT || 'minikube';
const helm = await kubeTool('helm');
const steps = monitoringSteps(
  helm,
  context,
  join(root, 'deploy/environments/monitoring-local.yaml'),
  process.env.KUBE_PROMETHEUS_STACK_VERSION,
);
await runSteps(steps, { onFailure: `is the cluster of context "${context}" running (minikube status)?` }).catch(
  exitOnStepError,
);
for (const line of howToOpenGrafana(context)) console.log(line);
