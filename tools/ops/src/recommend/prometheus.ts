import type { UsageSample } from './samples.js';

interface Series {
  metric: Record<string, string>;
  values: [number, string][];
}

async function queryRange(base: string, query: string, windowSeconds: number, stepSeconds: number) {
  const end = Math.floor(Date.now() / 1000);
  const url = new URL('api/v1/query_range', base.endsWith('/') ? base : `${base}/`);
  url.search = new URLSearchParams({
    query,
    start: String(end - windowSeconds),
    end: String(end),
    step: String(stepSeconds),
  }).toString();
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Prometheus answered ${response.status} to ${query}`);
  const body = (await response.json()) as { data: { result: Series[] } };
  return body.data.result;
}

/**
 * Usage history from Prometheus (cAdvisor metrics, as kube-prometheus-stack scrapes them) over `windowSeconds`:
 * far more samples than the metrics API gives in one run. Pods are matched to components by name prefix.
 */
export async function samplePrometheus(
  base: string,
  namespace: string,
  release: string,
  windowSeconds: number,
  stepSeconds = 60,
): Promise<UsageSample[]> {
  const selector = `namespace="${namespace}",pod=~"${release}-.*",container!="",container!="POD"`;
  const [cpu, memory] = await Promise.all([
    queryRange(
      base,
      `sum by (pod, container) (rate(container_cpu_usage_seconds_total{${selector}}[5m]))`,
      windowSeconds,
      stepSeconds,
    ),
    queryRange(
      base,
      `max by (pod, container) (container_memory_working_set_bytes{${selector}})`,
      windowSeconds,
      stepSeconds,
    ),
  ]);
  const key = (m: Record<string, string>, at: number) => `${m.pod}/${m.container}/${at}`;
  const memoryAt = new Map(memory.flatMap((s) => s.values.map(([at, v]) => [key(s.metric, at), Number(v)] as const)));
  const componentOf = (pod: string) => pod.slice(release.length + 1).split('-')[0];
  return cpu.flatMap((series) =>
    series.values.map(([at, value]) => ({
      at: at * 1000,
      pod: series.metric.pod,
      component: componentOf(series.metric.pod),
      container: series.metric.container,
      cpuCores: Number(value),
      memoryBytes: memoryAt.get(key(series.metric, at)) ?? 0,
    })),
  );
}
