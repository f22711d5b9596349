// Recorded API objects of a healthy `todo` release (every one validated against the Kubernetes schemas with
// kubernetes-models before it is served), which each test breaks in one way.
import { gzipSync } from 'node:zlib';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { EndpointSlice } from 'kubernetes-models/discovery.k8s.io/v1/EndpointSlice';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { IngressClass } from 'kubernetes-models/networking.k8s.io/v1/IngressClass';
import { Event } from 'kubernetes-models/v1/Event';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import type { Routes } from './fake-apiserver.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

export const NS = 'todo';
const NODE = 'minikube';
const labels = (component: string) => ({
  'app.kubernetes.io/name': 'todo',
  'app.kubernetes.io/instance': 'todo',
  'app.kubernetes.io/component': component,
});

export interface World {
  pods: Obj[];
  events: Obj[];
  services: Obj[];
  endpointSlices: Obj[];
  ingresses: Obj[];
  ingressClasses: Obj[];
  hpas: Obj[];
  pvcs: Obj[];
  cronJobs: Obj[];
  jobs: Obj[];
  secrets: Obj[];
  /** pod/container -> previous logs */
  logs: Record<string, string>;
  /** kubelet stats summary of the node */
  stats?: Obj;
  /** metrics.k8s.io PodMetrics items; undefined: no metrics-server */
  podMetrics?: Obj[];
}

export function pod(component: string, index = 0, resources?: Obj): Obj {
  const container = component === 'database' ? 'postgres' : component;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `todo-${component}-7d9f8-${index}`, namespace: NS, labels: labels(component) },
    spec: {
      nodeName: NODE,
      containers: [
        {
          name: container,
          image: `todo-${component}:id-0123456789ab`,
          resources: resources ?? {
            requests: { cpu: '100m', memory: '128Mi' },
            limits: { cpu: '500m', memory: '256Mi' },
          },
        },
      ],
      ...(component === 'database'
        ? { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-todo-database-0' } }] }
        : {}),
    },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
      containerStatuses: [
        {
          name: container,
          image: `todo-${component}:id-0123456789ab`,
          imageID: '',
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: '2026-11-29T10:00:00Z' } },
        },
      ],
    },
  };
}

const service = (component: string): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: `todo-${component}`, namespace: NS, labels: labels(component) },
  spec: { selector: labels(component), ports: [{ port: 80, targetPort: 8080 }] },
});

const endpointSlice = (component: string, ready = true): Obj => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: {
    name: `todo-${component}-abcde`,
    namespace: NS,
    labels: { 'kubernetes.io/service-name': `todo-${component}` },
  },
  addressType: 'IPv4',
  endpoints: [{ addresses: ['10.244.0.10'], conditions: { ready } }],
  ports: [{ port: 8080 }],
});

const hpa = (component: string): Obj => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: `todo-${component}`, namespace: NS, labels: labels(component) },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `todo-${component}` },
    minReplicas: 2,
    maxReplicas: 5,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
  },
  status: {
    currentReplicas: 2,
    desiredReplicas: 2,
    currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 12 } } }],
    conditions: [{ type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' }],
  },
});

/** A Helm release Secret as Helm writes it: base64 (data) of base64 of gzipped JSON. */
export function helmSecret(revision: number, status: string, description = 'Upgrade complete', config: Obj = {}): Obj {
  const json = {
    name: 'todo',
    namespace: NS,
    version: revision,
    info: { status, description, last_deployed: `2026-11-2${revision}T09:00:00Z` },
    chart: { metadata: { name: 'todo', version: '0.1.0', appVersion: '0.1.0' } },
    config,
  };
  const release = gzipSync(Buffer.from(JSON.stringify(json))).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'helm.sh/release.v1',
    metadata: {
      name: `sh.helm.release.v1.todo.v${revision}`,
      namespace: NS,
      labels: { owner: 'helm', name: 'todo', status, version: String(revision) },
    },
    data: { release: Buffer.from(release).toString('base64') },
  };
}

export function event(kind: string, name: string, reason: string, message: string, type = 'Warning'): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.${reason.toLowerCase()}`, namespace: NS },
    involvedObject: { kind, name, namespace: NS },
    reason,
    message,
    type,
    count: 3,
    lastTimestamp: '2026-11-29T10:05:00Z',
  };
}

export function healthyWorld(): World {
  return {
    pods: [pod('backend', 0), pod('backend', 1), pod('frontend', 0), pod('frontend', 1), pod('database', 0)],
    events: [event('Pod', 'todo-backend-7d9f8-0', 'Started', 'Started container backend', 'Normal')],
    services: [service('backend'), service('frontend'), service('database')],
    endpointSlices: [endpointSlice('backend'), endpointSlice('frontend'), endpointSlice('database')],
    ingresses: [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'todo', namespace: NS, labels: labels('frontend') },
        spec: {
          ingressClassName: 'nginx',
          rules: [
            {
              host: 'todo.local',
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: { service: { name: 'todo-frontend', port: { number: 80 } } },
                  },
                ],
              },
            },
          ],
        },
        status: { loadBalancer: { ingress: [{ ip: '192.168.49.2' }] } },
      },
    ],
    ingressClasses: [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name: 'nginx' },
        spec: { controller: 'k8s.io/ingress-nginx' },
      },
    ],
    hpas: [hpa('backend'), hpa('frontend')],
    pvcs: [
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data-todo-database-0', namespace: NS, labels: labels('database') },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        status: { phase: 'Bound', capacity: { storage: '1Gi' } },
      },
    ],
    cronJobs: [
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'todo-backup', namespace: NS, labels: labels('backup') },
        spec: {
          schedule: '0 3 * * *',
          jobTemplate: {
            spec: {
              template: { spec: { restartPolicy: 'Never', containers: [{ name: 'backup', image: 'postgres:15' }] } },
            },
          },
        },
        status: { lastScheduleTime: '2026-11-29T03:00:00Z', lastSuccessfulTime: '2026-11-29T03:01:10Z' },
      },
    ],
    jobs: [],
    secrets: [helmSecret(1, 'superseded'), helmSecret(2, 'deployed')],
    logs: {},
  };
}

export function backupJob(name: string, failed: boolean): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: NS,
      labels: labels('backup'),
      creationTimestamp: '2026-11-29T03:00:00Z',
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'todo-backup', uid: 'c0ffee' }],
    },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'backup', image: 'postgres:15' }] } } },
    status: failed
      ? {
          failed: 1,
          conditions: [
            {
              type: 'Failed',
              status: 'True',
              reason: 'BackoffLimitExceeded',
              message: 'Job has reached the specified backoff limit',
            },
          ],
        }
      : { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] },
  };
}

const MODELS: Record<string, { new (data: any): { validate(): void } }> = {
  Pod,
  Event,
  Service,
  EndpointSlice,
  Ingress,
  IngressClass,
  HorizontalPodAutoscaler,
  PersistentVolumeClaim,
  CronJob,
  Job,
  Secret,
};

/** Throws when an object is not valid against its Kubernetes schema. */
export function validate(object: Obj): void {
  const Model = MODELS[object.kind];
  if (!Model) throw new Error(`no schema for ${object.kind}`);
  new Model(object).validate();
}

const list = (kind: string, items: Obj[]) => {
  items.forEach(validate);
  return { kind: `${kind}List`, apiVersion: items[0]?.apiVersion ?? 'v1', metadata: {}, items };
};

/** The API paths of a world, as the fake API server serves them. */
export function routes(world: World): Routes {
  const ns = `/api/v1/namespaces/${NS}`;
  const routes: Routes = {
    [`${ns}/pods`]: list('Pod', world.pods),
    [`${ns}/events`]: list('Event', world.events),
    [`${ns}/services`]: list('Service', world.services),
    [`/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices`]: list('EndpointSlice', world.endpointSlices),
    [`/apis/networking.k8s.io/v1/namespaces/${NS}/ingresses`]: list('Ingress', world.ingresses),
    ['/apis/networking.k8s.io/v1/ingressclasses']: list('IngressClass', world.ingressClasses),
    [`/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers`]: list('HorizontalPodAutoscaler', world.hpas),
    [`${ns}/persistentvolumeclaims`]: list('PersistentVolumeClaim', world.pvcs),
    [`/apis/batch/v1/namespaces/${NS}/cronjobs`]: list('CronJob', world.cronJobs),
    [`/apis/batch/v1/namespaces/${NS}/jobs`]: list('Job', world.jobs),
    [`${ns}/secrets`]: list('Secret', world.secrets),
  };
  for (const [key, text] of Object.entries(world.logs)) routes[`${ns}/pods/${key.split('/')[0]}/log`] = text;
  if (world.stats) routes[`/api/v1/nodes/${NODE}/proxy/stats/summary`] = world.stats;
  if (world.podMetrics)
    routes[`/apis/metrics.k8s.io/v1beta1/namespaces/${NS}/pods`] = {
      kind: 'PodMetricsList',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: {},
      items: world.podMetrics,
    };
  return routes;
}
