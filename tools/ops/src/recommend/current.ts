import { AutoscalingV2Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { resourceComponents } from '../chart-limits.js';
import type { OpsTarget } from '../kube/target.js';
import type { CurrentComponent } from './recommender.js';

const str = (value: unknown) => (value === undefined ? undefined : String(value));

/** The running resources of each chart component (from its pods) and its HPA, if any. */
export async function readCurrent(kc: KubeConfig, target: OpsTarget): Promise<Record<string, CurrentComponent>> {
  const { namespace, release } = target;
  const labelSelector = `app.kubernetes.io/instance=${release}`;
  const [pods, hpas] = await Promise.all([
    kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace, labelSelector }),
    kc.makeApiClient(AutoscalingV2Api).listNamespacedHorizontalPodAutoscaler({ namespace, labelSelector }),
  ]);
  const components = resourceComponents();
  const current: Record<string, CurrentComponent> = {};
  for (const pod of pods.items) {
    const component = pod.metadata?.labels?.['app.kubernetes.io/component'];
    const container = pod.spec?.containers[0];
    if (!component || !container || !components.includes(component) || current[component]) continue;
    const hpa = hpas.items.find((h) => h.metadata?.labels?.['app.kubernetes.io/component'] === component);
    const cpuTarget = hpa?.spec?.metrics?.find((m) => m.resource?.name === 'cpu')?.resource?.target.averageUtilization;
    current[component] = {
      container: container.name,
      resources: {
        requests: { cpu: str(container.resources?.requests?.cpu), memory: str(container.resources?.requests?.memory) },
        limits: { cpu: str(container.resources?.limits?.cpu), memory: str(container.resources?.limits?.memory) },
      },
      hpa: hpa?.spec
        ? {
            minReplicas: hpa.spec.minReplicas ?? 1,
            maxReplicas: hpa.spec.maxReplicas,
            targetCPUUtilizationPercentage: cpuTarget ?? 70,
          }
        : undefined,
    };
  }
  return current;
}
