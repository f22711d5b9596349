import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { howToOpenGrafana, monitoringSteps, STACK } from '../src/monitoring.js';
import { root } from './support/run-deploy.js';

const values = join(root, 'deploy/environments/monitoring-local.yaml');

describe('deploy:monitoring-up', () => {
  it('adds the chart repository, then installs the pinned kube-prometheus-stack with the small values, waiting', () => {
    const [repo, install] = monitoringSteps('helm', 'minikube', values);
    expect(repo.argv).toEqual(['helm', 'repo', 'add', 'prometheus-community', STACK.repo, '--force-update']);
    expect(install.argv.join(' ')).toBe(
      `helm upgrade --install kube-prometheus-stack prometheus-community/kube-prometheus-stack --version ${STACK.version} --kube-context minikube --namespace monitoring --create-namespace --values ${values} --wait --timeout 10m`,
    );
    expect(monitoringSteps('helm', 'minikube', values, '80.1.0')[1].argv).toContain('80.1.0');
  });

  it("has Grafana load the chart's dashboards and Prometheus select its ServiceMonitors", () => {
    const stack = parse(readFileSync(values, 'utf8'));
    const chart = parse(readFileSync(join(root, 'deploy/charts/todo/values.yaml'), 'utf8'));
    const { dashboards } = chart.monitoring;
    expect(stack.grafana.sidecar.dashboards).toMatchObject({
      enabled: true,
      label: dashboards.label,
      labelValue: dashboards.labelValue,
      searchNamespace: 'ALL',
      folderAnnotation: 'grafana_folder',
    });
    // kube-prometheus-stack selects ServiceMonitors and rules labelled release: <its release name>.
    expect(chart.monitoring.serviceMonitorLabels).toEqual({ release: STACK.release });
    expect(chart.monitoring.prometheusNamespace).toBe(STACK.namespace);
  });

  it('prints how to open Grafana and Prometheus', () => {
    const lines = howToOpenGrafana('minikube').join('\n');
    expect(lines).toContain('port-forward svc/kube-prometheus-stack-grafana 3001:80');
    expect(lines).toContain("get secret kube-prometheus-stack-grafana -o jsonpath='{.data.admin-password}'");
  });
});
