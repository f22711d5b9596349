import {
  AutoscalingV2Api,
  BatchV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  NetworkingV1Api,
  type CoreV1Event,
  type KubeConfig,
  type V1CronJob,
  type V1EndpointSlice,
  type V1Ingress,
  type V1IngressClass,
  type V1Job,
  type V1PersistentVolumeClaim,
  type V1Pod,
  type V1Service,
  type V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { byRevisionDesc, decodeHelmRelease, type HelmRelease } from './helm-release.js';
import type { OpsTarget } from './target.js';

/** Used and capacity bytes of a PVC, from the kubelet's stats summary. */
export interface VolumeUsage {
  usedBytes: number;
  capacityBytes: number;
}

/** Everything the doctor's rules read, fetched once. Optional parts are undefined when the API is not there. */
export interface ClusterSnapshot {
  target: OpsTarget;
  pods: V1Pod[];
  events: CoreV1Event[];
  services: V1Service[];
  endpointSlices: V1EndpointSlice[];
  ingresses: V1Ingress[];
  ingressClasses?: V1IngressClass[];
  hpas: V2HorizontalPodAutoscaler[];
  pvcs: V1PersistentVolumeClaim[];
  cronJobs: V1CronJob[];
  jobs: V1Job[];
  /** Helm release revisions, newest first. */
  releases: HelmRelease[];
  /** Last log lines of containers that are crash looping, keyed `<pod>/<container>`. */
  logs: Record<string, string>;
  /** PVC usage keyed by claim name. */
  volumes: Record<string, VolumeUsage>;
}

export const LOG_LINES = 20;

/** Undefined when the resource is not served (404) or not readable by this user (403, e.g. cluster-scoped). */
export async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if ([403, 404].includes((error as { code?: number }).code ?? 0)) return undefined;
    throw error;
  }
}

const lastLines = (text: string, lines: number) => text.trimEnd().split('\n').slice(-lines).join('\n');

/** Reads the release's objects from the cluster through the Kubernetes API. */
export async function readSnapshot(kc: KubeConfig, target: OpsTarget): Promise<ClusterSnapshot> {
  const core = kc.makeApiClient(CoreV1Api);
  const { namespace, release } = target;
  const labelSelector = `app.kubernetes.io/instance=${release}`;
  const networking = kc.makeApiClient(NetworkingV1Api);
  const batch = kc.makeApiClient(BatchV1Api);

  const [pods, events, services, endpointSlices, ingresses, ingressClasses, hpas, pvcs, cronJobs, jobs, secrets] =
    await Promise.all([
      core.listNamespacedPod({ namespace, labelSelector }),
      core.listNamespacedEvent({ namespace }),
      core.listNamespacedService({ namespace, labelSelector }),
      kc.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({ namespace }),
      networking.listNamespacedIngress({ namespace, labelSelector }),
      optional(() => networking.listIngressClass()),
      kc.makeApiClient(AutoscalingV2Api).listNamespacedHorizontalPodAutoscaler({ namespace, labelSelector }),
      core.listNamespacedPersistentVolumeClaim({ namespace, labelSelector }),
      batch.listNamespacedCronJob({ namespace, labelSelector }),
      batch.listNamespacedJob({ namespace, labelSelector }),
      core.listNamespacedSecret({ namespace, labelSelector: `owner=helm,name=${release}` }),
    ]);

  const logs: Record<string, string> = {};
  for (const pod of pods.items)
    for (const status of pod.status?.containerStatuses ?? [])
      if (status.state?.waiting?.reason === 'CrashLoopBackOff' || status.lastState?.terminated) {
        const name = pod.metadata!.name!;
        const text = await optional(() =>
          core.readNamespacedPodLog({ name, namespace, container: status.name, previous: true, tailLines: LOG_LINES }),
        ).catch(() => undefined);
        if (text) logs[`${name}/${status.name}`] = lastLines(text, LOG_LINES);
      }

  return {
    target,
    pods: pods.items,
    events: events.items.sort((a, b) => eventTime(a) - eventTime(b)),
    services: services.items,
    endpointSlices: endpointSlices.items,
    ingresses: ingresses.items,
    ingressClasses: ingressClasses?.items,
    hpas: hpas.items,
    pvcs: pvcs.items,
    cronJobs: cronJobs.items,
    jobs: jobs.items,
    releases: secrets.items
      .filter((secret) => secret.type === 'helm.sh/release.v1')
      .map(decodeHelmRelease)
      .sort(byRevisionDesc),
    logs,
    volumes: await readVolumeUsage(core, pods.items, namespace),
  };
}

export const eventTime = (event: CoreV1Event) =>
  new Date(event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp ?? 0).getTime();

interface StatsSummary {
  pods?: { volume?: { pvcRef?: { name: string; namespace: string }; usedBytes?: number; capacityBytes?: number }[] }[];
}

/** PVC usage from each node's kubelet stats summary (through the API server's node proxy). */
async function readVolumeUsage(core: CoreV1Api, pods: V1Pod[], namespace: string) {
  const usage: Record<string, VolumeUsage> = {};
  const nodes = new Set(
    pods.filter((pod) => pod.spec?.volumes?.some((v) => v.persistentVolumeClaim)).map((pod) => pod.spec?.nodeName),
  );
  for (const node of nodes) {
    if (!node) continue;
    const text = await core.connectGetNodeProxyWithPath({ name: node, path: 'stats/summary' }).catch(() => undefined);
    if (!text) continue;
    const summary: StatsSummary = typeof text === 'string' ? JSON.parse(text) : text;
    for (const pod of summary.pods ?? [])
      for (const volume of pod.volume ?? [])
        if (volume.pvcRef?.namespace === namespace && volume.usedBytes !== undefined && volume.capacityBytes)
          usage[volume.pvcRef.name] = { usedBytes: volume.usedBytes, capacityBytes: volume.capacityBytes };
  }
  return usage;
}
