// The Grafana dashboards of the chart: every panel's PromQL parses (promtool), and every metric it reads is one
// the app exports (scraped here from the real backend and frontend) or one of the cluster's standard exporters.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parser } from '@prometheus-io/lezer-promql';
import { startThrowawayStack, type Stack } from '@todo/local-stack/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const dir = join(root, 'deploy/charts/todo/files/dashboards');
const hasPromtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasPromtool && process.env.CI === 'true')
  throw new Error('promtool is required in CI (tools/ci/setup.sh installs it)');

/** What the dashboards may read besides the app: kube-state-metrics, the kubelet's cAdvisor and volume stats. */
const CLUSTER_METRICS = new Set([
  // kube-state-metrics
  'kube_pod_container_status_restarts_total',
  'kube_pod_container_status_ready',
  'kube_cronjob_status_last_successful_time',
  'kube_job_status_succeeded',
  'kube_job_status_failed',
  'kube_job_status_start_time',
  'kube_job_status_completion_time',
  // kubelet: cAdvisor and volume stats
  'container_cpu_usage_seconds_total',
  'container_memory_working_set_bytes',
  'kubelet_volume_stats_used_bytes',
  'kubelet_volume_stats_capacity_bytes',
]);

interface Panel {
  title: string;
  targets: { refId: string; expr: string }[];
}

const dashboards = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ name: basename(file, '.json'), json: JSON.parse(readFileSync(join(dir, file), 'utf8')) }));

/** Grafana's variables replaced by values, as Grafana does before sending the query. */
const concrete = (expr: string) => expr.replaceAll('$__rate_interval', '5m').replaceAll('$namespace', 'todo');

function metricsOf(expr: string): string[] {
  const names: string[] = [];
  const text = concrete(expr);
  parser.parse(text).iterate({
    enter(node) {
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector')
        names.push(text.slice(node.from, node.to));
    },
  });
  return names;
}

/** Metric names in Prometheus text exposition, with the series a histogram or summary expands to. */
function exposedNames(text: string): string[] {
  return [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) =>
    type === 'histogram'
      ? [`${name}_bucket`, `${name}_sum`, `${name}_count`]
      : type === 'summary'
        ? [name, `${name}_sum`, `${name}_count`]
        : [name],
  );
}

const panels = dashboards.flatMap(({ name, json }) =>
  (json.panels as Panel[]).map((panel) => ({ dashboard: name, ...panel })),
);

describe('dashboards', () => {
  it('are the overview, the database and the backups, with unique ids and a query in every panel', () => {
    expect(dashboards.map((d) => d.name).sort()).toEqual(['backups', 'database', 'overview']);
    expect(new Set(dashboards.map((d) => d.json.uid)).size).toBe(dashboards.length);
    for (const panel of panels) expect(panel.targets.length, `${panel.dashboard}: ${panel.title}`).toBeGreaterThan(0);
  });

  it.skipIf(!hasPromtool)(
    `have PromQL that parses${hasPromtool ? '' : ' (skipped: promtool is not installed; apt-get install prometheus)'}`,
    async () => {
      const rules = panels.flatMap((panel, i) =>
        panel.targets.map((target) => ({
          record: `dashboard:${panel.dashboard}:panel${i}_${target.refId}`,
          expr: concrete(target.expr),
        })),
      );
      const work = mkdtempSync(join(tmpdir(), 'dashboards-'));
      const file = join(work, 'panels.rules.yaml');
      writeFileSync(file, stringify({ groups: [{ name: 'dashboard-panels', rules }] }));
      try {
        const { stdout } = await run('promtool', ['check', 'rules', file]);
        expect(stdout).toContain(`SUCCESS: ${rules.length} rules found`);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
  );

  describe('read only metrics that exist', () => {
    let stack: Stack;
    let exported: Set<string>;
    beforeAll(async () => {
      stack = await startThrowawayStack();
      const texts = await Promise.all(
        [`${stack.backendUrl}/metrics`, `${stack.frontendUrl}/api/metrics`].map(async (url) =>
          (await fetch(url)).text(),
        ),
      );
      exported = new Set(texts.flatMap(exposedNames));
    }, 180_000);
    afterAll(() => stack?.stop());

    it('the app exports the RED, pool, query, auth and task metrics the panels use', () => {
      for (const name of [
        'http_requests_total',
        'http_request_duration_seconds_bucket',
        'db_pool_connections',
        'db_query_duration_seconds_count',
        'nodejs_eventloop_lag_p99_seconds',
      ])
        expect(exported).toContain(name);
    });

    it.each(panels.map((panel) => [`${panel.dashboard}: ${panel.title}`, panel] as const))('%s', (_, panel) => {
      for (const target of panel.targets)
        for (const metric of metricsOf(target.expr))
          expect(
            exported.has(metric) || CLUSTER_METRICS.has(metric),
            `${metric} is neither exported by the app nor a cluster metric`,
          ).toBe(true);
    });
  });
});
