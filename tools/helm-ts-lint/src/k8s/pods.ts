import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { K8sObject } from '../types.js';
import { isHook, list, objectId } from './objects.js';

/** Where each workload kind keeps its pod template (a Pod is its own template). */
const templateFields: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
};

export interface PodTemplate {
  object: K8sObject;
  /** `Kind/name` of the workload. */
  id: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: IPodSpec;
  /** Path of the pod spec in the object, e.g. `spec.template.spec`. */
  path: string;
}

export interface ContainerRef {
  template: PodTemplate;
  container: IContainer;
  /** e.g. `spec.template.spec.initContainers[0]`. */
  path: string;
  init: boolean;
}

interface TemplateLike {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: IPodSpec;
}

/** The pod templates of every workload in the manifests. */
export function podTemplates(objects: K8sObject[]): PodTemplate[] {
  return objects.flatMap((object) => {
    const fields = templateFields[object.kind];
    if (!fields) return [];
    const template = fields.reduce<unknown>((value, field) => (value as Record<string, unknown>)?.[field], object) as
      TemplateLike | undefined;
    return [
      {
        object,
        id: objectId(object),
        namespace: object.metadata?.namespace,
        labels: template?.metadata?.labels ?? {},
        annotations: template?.metadata?.annotations ?? {},
        spec: template?.spec ?? { containers: [] },
        path: [...fields, 'spec'].join('.'),
      },
    ];
  });
}

/** The containers, then the init containers, of a pod template. */
export function containersOf(template: PodTemplate): ContainerRef[] {
  const refs = (field: 'containers' | 'initContainers') =>
    list(template.spec[field]).map((container, index) => ({
      template,
      container,
      path: `${template.path}.${field}[${index}]`,
      init: field === 'initContainers',
    }));
  return [...refs('containers'), ...refs('initContainers')];
}

export function allContainers(objects: K8sObject[]): ContainerRef[] {
  return podTemplates(objects).flatMap(containersOf);
}

/** Workloads that run to completion: probes make no sense there. */
export function runsToCompletion(template: PodTemplate): boolean {
  return template.object.kind === 'Job' || template.object.kind === 'CronJob' || isHook(template.object);
}
