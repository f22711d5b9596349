import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { LimitRange } from 'kubernetes-models/v1/LimitRange';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { ResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { K8sObject } from '../types.js';

/** A `kubernetes-models` class: validate() throws on schema errors. */
export interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: K8sObject): { validate(): void };
}

/** The core Kubernetes types the schema rule checks; anything else (CRDs) is skipped. */
const models = [
  Deployment,
  StatefulSet,
  Service,
  ConfigMap,
  Secret,
  ServiceAccount,
  Namespace,
  PersistentVolumeClaim,
  ResourceQuota,
  LimitRange,
  Pod,
  Job,
  CronJob,
  Ingress,
  NetworkPolicy,
  HorizontalPodAutoscaler,
  PodDisruptionBudget,
  Role,
  RoleBinding,
] as unknown as ModelClass[];

export interface CoreKind {
  model: ModelClass;
  /** Name of the matching `@kubernetes/client-node` model, e.g. `V2HorizontalPodAutoscaler`. */
  typeName: string;
}

export function coreKind(object: K8sObject): CoreKind | undefined {
  const model = models.find((m) => m.apiVersion === object.apiVersion && m.kind === object.kind);
  const version = object.apiVersion.split('/').at(-1) ?? '';
  return model && { model, typeName: `V${version.slice(1)}${object.kind}` };
}
