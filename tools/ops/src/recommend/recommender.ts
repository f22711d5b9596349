// Resource and autoscaling suggestions from observed usage, in the spirit of the Vertical Pod Autoscaler's
// recommender: a high percentile of usage plus a safety margin, never below a floor.
import { bounds } from '../chart-limits.js';
import { formatCpu, formatMemory, parseQuantity } from './quantity.js';
import type { UsageSample } from './samples.js';

export const TARGET_PERCENTILE = 0.9;
/** The VPA recommender's default safety margin. */
export const SAFETY_MARGIN = 0.15;
export const MIN_CPU_CORES = 0.01;
export const MIN_MEMORY_BYTES = 64 * 1024 ** 2;
/** Memory limits keep this much room above the highest usage seen: going over a memory limit is an OOM kill. */
export const MEMORY_LIMIT_HEADROOM = 1.3;
/** Fewer samples than this make a suggestion a first guess. */
export const FEW_SAMPLES = 20;
const DEFAULT_TARGET = 70;
const BURSTY_TARGET = 60;

export interface Resources {
  requests: { cpu?: string; memory?: string };
  limits: { cpu?: string; memory?: string };
}

export interface CurrentComponent {
  container: string;
  resources: Resources;
  hpa?: { minReplicas: number; maxReplicas: number; targetCPUUtilizationPercentage: number };
}

export interface ContainerRecommendation {
  component: string;
  container: string;
  samples: number;
  observed: { cpuP90: string; cpuMax: string; memoryP90: string; memoryMax: string };
  current: Resources;
  suggested: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
  why: string[];
}

export interface HpaRecommendation {
  component: string;
  current?: CurrentComponent['hpa'];
  suggested: { minReplicas: number; maxReplicas: number; targetCPUUtilizationPercentage: number };
  why: string[];
}

export interface Recommendations {
  containers: ContainerRecommendation[];
  autoscaling: HpaRecommendation[];
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

const clamp = (value: number, { minimum, maximum }: { minimum: number; maximum: number }) =>
  Math.min(maximum, Math.max(minimum, value));

function containerRecommendation(
  component: string,
  current: CurrentComponent,
  samples: UsageSample[],
): ContainerRecommendation {
  const cpu = samples.map((s) => s.cpuCores);
  const memory = samples.map((s) => s.memoryBytes);
  const cpuP90 = percentile(cpu, TARGET_PERCENTILE);
  const memoryP90 = percentile(memory, TARGET_PERCENTILE);
  const memoryMax = Math.max(...memory);
  // rounded first, so the limits keep the exact ratio to the request the user will see
  const cpuRequest = parseQuantity(formatCpu(Math.max(MIN_CPU_CORES, cpuP90 * (1 + SAFETY_MARGIN))))!;
  const memoryRequest = parseQuantity(formatMemory(Math.max(MIN_MEMORY_BYTES, memoryP90 * (1 + SAFETY_MARGIN))))!;
  const ratio = (kind: 'cpu' | 'memory') =>
    Math.max(
      1,
      (parseQuantity(current.resources.limits[kind]) ?? 0) /
        (parseQuantity(current.resources.requests[kind]) ?? Infinity),
    );
  const cpuLimit = cpuRequest * ratio('cpu');
  const memoryLimit = Math.max(memoryRequest * ratio('memory'), memoryMax * MEMORY_LIMIT_HEADROOM);
  const why = [
    `requests: the 90th percentile of ${samples.length} samples plus ${SAFETY_MARGIN * 100}% headroom ` +
      `(CPU ${formatCpu(cpuP90, 1)}, memory ${formatMemory(memoryP90, 1)} observed)`,
    `limits keep the current limit/request ratio; the memory limit stays at least ` +
      `${Math.round((MEMORY_LIMIT_HEADROOM - 1) * 100)}% above the highest usage seen (${formatMemory(memoryMax, 1)})`,
  ];
  if (samples.length < FEW_SAMPLES)
    why.push(`only ${samples.length} samples: a first guess; sample longer or under real load before trusting it`);
  return {
    component,
    container: current.container,
    samples: samples.length,
    observed: {
      cpuP90: formatCpu(cpuP90, 1),
      cpuMax: formatCpu(Math.max(...cpu), 1),
      memoryP90: formatMemory(memoryP90, 1),
      memoryMax: formatMemory(memoryMax, 1),
    },
    current: current.resources,
    suggested: {
      requests: { cpu: formatCpu(cpuRequest), memory: formatMemory(memoryRequest) },
      limits: { cpu: formatCpu(cpuLimit), memory: formatMemory(memoryLimit) },
    },
    why,
  };
}

function hpaRecommendation(
  component: string,
  current: CurrentComponent,
  cpuRequestCores: number,
  samples: UsageSample[],
): HpaRecommendation {
  const totals = new Map<number, number>();
  for (const s of samples) totals.set(s.at, (totals.get(s.at) ?? 0) + s.cpuCores);
  const load = [...totals.values()];
  const median = percentile(load, 0.5);
  const peak = Math.max(...load);
  const bursty = median > 0 && peak / median > 3;
  const target = bursty ? BURSTY_TARGET : (current.hpa?.targetCPUUtilizationPercentage ?? DEFAULT_TARGET);
  const perPod = cpuRequestCores * (target / 100);
  const minReplicas = clamp(Math.max(2, Math.ceil(median / perPod)), bounds(component, 'autoscaling.minReplicas'));
  const maxReplicas = clamp(
    Math.max(minReplicas + 1, Math.ceil((peak * 1.5) / perPod)),
    bounds(component, 'autoscaling.maxReplicas'),
  );
  return {
    component,
    current: current.hpa,
    suggested: { minReplicas, maxReplicas, targetCPUUtilizationPercentage: target },
    why: [
      `total CPU of ${component}: median ${formatCpu(median, 1)}, peak ${formatCpu(peak, 1)} over ${load.length} readings`,
      `one pod carries ${formatCpu(perPod, 1)} at a ${target}% target of the suggested request; at least 2 replicas ` +
        `keep the service up through a node drain, and the maximum leaves 50% room above the peak`,
      ...(bursty
        ? ['the load is bursty (peak above 3x the median): a lower target scales out before the burst hurts']
        : []),
    ],
  };
}

/** Suggestions per container of the chart's components, and autoscaling for those that scale. */
export function recommend(
  samples: UsageSample[],
  current: Record<string, CurrentComponent>,
  scalable: string[],
): Recommendations {
  const containers: ContainerRecommendation[] = [];
  const autoscaling: HpaRecommendation[] = [];
  for (const [component, info] of Object.entries(current)) {
    const own = samples.filter((s) => s.component === component && s.container === info.container);
    if (own.length === 0) continue;
    const rec = containerRecommendation(component, info, own);
    containers.push(rec);
    if (scalable.includes(component))
      autoscaling.push(hpaRecommendation(component, info, parseQuantity(rec.suggested.requests.cpu)!, own));
  }
  return { containers, autoscaling };
}
