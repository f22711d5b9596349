import type { Rule } from '../finding.js';
import { backup } from './backup.js';
import { crashLoop } from './crash-loop.js';
import { helmRelease } from './helm-release.js';
import { hpaMetrics } from './hpa-metrics.js';
import { imagePull } from './image-pull.js';
import { ingress } from './ingress.js';
import { oomKilled } from './oom-killed.js';
import { pending } from './pending.js';
import { probes } from './probes.js';
import { pvcUsage } from './pvc-usage.js';
import { serviceEndpoints } from './service-endpoints.js';

/** Every rule, in the order a reader should see their findings: release, pods, then what depends on pods. */
export const RULES: Rule[] = [
  helmRelease,
  imagePull,
  crashLoop,
  oomKilled,
  pending,
  probes,
  serviceEndpoints,
  ingress,
  hpaMetrics,
  pvcUsage,
  backup,
];
