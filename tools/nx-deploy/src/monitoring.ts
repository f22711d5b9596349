// kube-prometheus-stack for the cluster: the helm steps that install it and how to open what it serves.
import type { Step } from '@todo/cli/steps';

export const STACK = {
  repo: 'https://prometheus-community.github.io/helm-charts',
  chart: 'prometheus-community/kube-prometheus-stack',
  /** Pinned; KUBE_PROMETHEUS_STACK_VERSION overrides. */
  version: '77.0.0',
  release: 'kube-prometheus-stack',
  namespace: 'monitoring',
};

export function monitoringSteps(helm: string, context: string, values: string, version = STACK.version): Step[] {
  return [
    {
      title: 'Adding the prometheus-community chart repository',
      argv: [helm, 'repo', 'add', 'prometheus-community', STACK.repo, '--force-update'],
    },
    {
      title: `Installing ${STACK.chart} ${version} in namespace ${STACK.namespace}`,
      argv: [
        helm,
        'upgrade',
        '--install',
        STACK.release,
        STACK.chart,
        '--version',
        version,
        '--kube-context',
        context,
        '--namespace',
        STACK.namespace,
        '--create-namespace',
        '--values',
        values,
        '--wait',
        '--timeout',
        '10m',
      ],
    },
  ];
}

export function howToOpenGrafana(context: string): string[] {
  const kubectl = `kubectl --context ${context} --namespace ${STACK.namespace}`;
  return [
    `Grafana: ${kubectl} port-forward svc/${STACK.release}-grafana 3001:80, then open http://127.0.0.1:3001`,
    `  user admin, password: ${kubectl} get secret ${STACK.release}-grafana -o jsonpath='{.data.admin-password}' | base64 -d`,
    `  dashboards: folder "todo" (overview, database, backups)`,
    `Prometheus: ${kubectl} port-forward svc/${STACK.release}-prometheus 9090`,
    'Deploy the app with ServiceMonitors and alerts: npx nx run deploy:up --set monitoring.mode=serviceMonitor',
  ];
}
