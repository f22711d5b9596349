import type { KubeConfig } from '@kubernetes/client-node';
import { scalableComponents } from '../chart-limits.js';
import type { OpsTarget } from '../kube/target.js';
import { readCurrent } from './current.js';
import { samplePrometheus } from './prometheus.js';
import { recommend, type Recommendations } from './recommender.js';
import { sampleMetricsApi } from './samples.js';

export interface RecommendOptions {
  /** metrics API polls and the seconds between them */
  samples: number;
  intervalSeconds: number;
  /** Prometheus base URL: when set, its history over windowSeconds is used instead of polling */
  prometheus?: string;
  windowSeconds: number;
}

export async function runRecommend(
  kc: KubeConfig,
  target: OpsTarget,
  options: RecommendOptions,
): Promise<Recommendations> {
  const current = await readCurrent(kc, target);
  const samples = options.prometheus
    ? await samplePrometheus(options.prometheus, target.namespace, target.release, options.windowSeconds)
    : await sampleMetricsApi(kc, target.namespace, target.release, options.samples, options.intervalSeconds * 1000);
  return recommend(samples, current, scalableComponents());
}
