import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { K8sObject } from '../types.js';
import { ofKind } from './objects.js';
import type { PodTemplate } from './pods.js';

interface Scalable {
  replicas?: number;
  parallelism?: number;
  strategy?: { rollingUpdate?: { maxSurge?: number | string } };
}

/** Pods a rolling update adds on top of `replicas` (maxSurge: a count or a percentage, rounded up; default 25%). */
function surge(spec: Scalable, replicas: number): number {
  const maxSurge = spec.strategy?.rollingUpdate?.maxSurge ?? '25%';
  return typeof maxSurge === 'number' ? maxSurge : Math.ceil((replicas * parseInt(maxSurge, 10)) / 100);
}

/** The autoscaler that targets the workload, if any. */
function autoscaler(objects: K8sObject[], workload: K8sObject): IHorizontalPodAutoscaler | undefined {
  return ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler').find(
    (hpa) =>
      hpa.spec?.scaleTargetRef.kind === workload.kind && hpa.spec.scaleTargetRef.name === workload.metadata?.name,
  );
}

const autoscaledMax = (objects: K8sObject[], workload: K8sObject) => autoscaler(objects, workload)?.spec?.maxReplicas;

/** The fewest replicas the workload runs: the autoscaler's minimum, else its replicas (default 1). */
export function minReplicas(objects: K8sObject[], workload: K8sObject): number {
  return autoscaler(objects, workload)?.spec?.minReplicas ?? (workload.spec as Scalable | undefined)?.replicas ?? 1;
}

/**
 * The most pods of one workload that run at once: a Deployment at its autoscaler's maximum (else its replicas) plus
 * the rolling update's surge; a StatefulSet's replicas; a Job's parallelism; one for a CronJob (one run at a time),
 * a Pod, or a DaemonSet pod on one node.
 */
export function maxPods(objects: K8sObject[], template: PodTemplate): number {
  const { object } = template;
  const spec = (object.spec ?? {}) as Scalable;
  switch (object.kind) {
    case 'Deployment': {
      const replicas = autoscaledMax(objects, object) ?? spec.replicas ?? 1;
      return replicas + surge(spec, replicas);
    }
    case 'StatefulSet':
    case 'ReplicaSet':
      return autoscaledMax(objects, object) ?? spec.replicas ?? 1;
    case 'Job':
      return spec.parallelism ?? 1;
    default:
      return 1;
  }
}
