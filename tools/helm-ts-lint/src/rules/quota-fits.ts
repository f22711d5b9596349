import type { IContainer } from 'kubernetes-models/v1/Container';
import type { ILimitRange } from 'kubernetes-models/v1/LimitRange';
import type { IResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { isMeshed, proxyResources } from '../k8s/mesh.js';
import { list, objectId, ofKind } from '../k8s/objects.js';
import { podTemplates, type PodTemplate } from '../k8s/pods.js';
import { quantity } from '../k8s/quantity.js';
import { maxPods } from '../k8s/scale.js';
import type { K8sObject, Rule } from '../types.js';

type Resources = { requests?: Record<string, unknown>; limits?: Record<string, unknown> };

/** A LimitRange's defaults for containers in the namespace (what admission gives a container that sets none). */
function limitRangeDefaults(objects: K8sObject[], namespace: string | undefined): Resources {
  const item = ofKind<ILimitRange>(objects, 'LimitRange')
    .filter((range) => range.metadata?.namespace === namespace)
    .flatMap((range) => range.spec?.limits ?? [])
    .find((limit) => limit.type === 'Container');
  return { requests: item?.defaultRequest ?? item?.default, limits: item?.default };
}

/**
 * Linkerd's proxy, injected at admission into meshed pods (a native sidecar or a container: either way beside the
 * app): its resources from the pod's annotations, each one missing from the LimitRange's defaults.
 */
function injectedProxy(objects: K8sObject[], template: PodTemplate): IContainer[] {
  if (!isMeshed(template)) return [];
  const fromAnnotations = proxyResources(template);
  const defaults = limitRangeDefaults(objects, template.namespace);
  const resources = {
    requests: { ...defaults.requests, ...fromAnnotations.requests },
    limits: { ...defaults.limits, ...fromAnnotations.limits },
  };
  return [{ name: 'linkerd-proxy', resources } as IContainer];
}

/** The quota keys a pod counts against, with what one pod of the template takes of each. */
function perPod(objects: K8sObject[], template: PodTemplate): Record<string, number> {
  const inits = list(template.spec.initContainers);
  // Native sidecars (init containers that always restart) run beside the containers; other init containers run one
  // at a time, before them.
  const sidecars = inits.filter((c) => c.restartPolicy === 'Always');
  const sum = (field: 'requests' | 'limits', resource: string) => {
    const of = (containers: typeof inits) =>
      containers.map((c) => quantity(c.resources?.[field]?.[resource] as string | undefined));
    const beside = [...list(template.spec.containers), ...sidecars, ...injectedProxy(objects, template)];
    const running = of(beside).reduce((a, b) => a + b, 0);
    return Math.max(running, ...of(inits.filter((c) => !sidecars.includes(c))));
  };
  const requests = { cpu: sum('requests', 'cpu'), memory: sum('requests', 'memory') };
  return {
    pods: 1,
    'requests.cpu': requests.cpu,
    cpu: requests.cpu,
    'requests.memory': requests.memory,
    memory: requests.memory,
    'limits.cpu': sum('limits', 'cpu'),
    'limits.memory': sum('limits', 'memory'),
  };
}

/** A quantity the way people read it: cores with up to three decimals, memory in Mi. */
const show = (key: string, value: number) =>
  key.includes('memory') ? `${Math.ceil(value / 2 ** 20)}Mi` : String(Math.round(value * 1000) / 1000);

/**
 * A ResourceQuota holds the release at its largest: every Deployment at its autoscaler's maximum plus its rollout
 * surge, the StatefulSets, one run of each Job and CronJob, and the test pods, all at once. Otherwise the autoscaler,
 * a rollout or the nightly backup fails with "exceeded quota" exactly when it is needed.
 */
export const quotaFits: Rule = {
  id: 'quota-fits',
  check: (objects) =>
    ofKind<IResourceQuota>(objects, 'ResourceQuota').flatMap((quota) => {
      const namespace = quota.metadata?.namespace;
      const templates = podTemplates(objects as K8sObject[]).filter((t) => t.namespace === namespace);
      const needed: Record<string, number> = {};
      for (const template of templates) {
        const pods = maxPods(objects, template);
        for (const [key, value] of Object.entries(perPod(objects, template)))
          needed[key] = (needed[key] ?? 0) + pods * value;
      }
      return Object.entries(quota.spec?.hard ?? {})
        .filter(([key, hard]) => key in needed && needed[key] > quantity(hard as string))
        .map(([key, hard]) => ({
          object: objectId(quota),
          path: `spec.hard.${key}`,
          message: `${key} ${hard} is below what the release takes at maximum scale (${show(key, needed[key])}): autoscaling, rollouts and jobs would fail with "exceeded quota"`,
        }));
    }),
};
