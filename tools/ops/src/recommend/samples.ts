import { Metrics, type KubeConfig } from '@kubernetes/client-node';
import { parseQuantity } from './quantity.js';

/** One observation of one container. */
export interface UsageSample {
  at: number;
  pod: string;
  component: string;
  container: string;
  cpuCores: number;
  memoryBytes: number;
}

/**
 * Samples the metrics API (metrics.k8s.io pod metrics, served by metrics-server) `count` times, `intervalMs` apart.
 * Each reading is metrics-server's own average over its window (about 15 s).
 */
export async function sampleMetricsApi(
  kc: KubeConfig,
  namespace: string,
  release: string,
  count: number,
  intervalMs: number,
): Promise<UsageSample[]> {
  const metrics = new Metrics(kc);
  const samples: UsageSample[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) await new Promise((done) => setTimeout(done, intervalMs));
    const at = Date.now(); // one timestamp per poll, so a poll's pods add up to the component's load
    const list = await metrics.getPodMetrics(namespace);
    for (const pod of list.items) {
      const labels = pod.metadata.labels ?? {};
      if (labels['app.kubernetes.io/instance'] !== release) continue;
      for (const container of pod.containers)
        samples.push({
          at,
          pod: pod.metadata.name,
          component: labels['app.kubernetes.io/component'] ?? 'unknown',
          container: container.name,
          cpuCores: parseQuantity(container.usage.cpu) ?? 0,
          memoryBytes: parseQuantity(container.usage.memory) ?? 0,
        });
    }
  }
  return samples;
}
