import type { IContainer } from 'kubernetes-models/v1/Container';
import { findObject, list } from '../k8s/objects.js';
import { allContainers } from '../k8s/pods.js';
import type { K8sObject, Rule } from '../types.js';

/** What the app's servers add after their drain: the API's close-with-grace bound, then a margin. */
export const CLOSE_SECONDS = 10;
export const MARGIN_SECONDS = 5;

/** SHUTDOWN_DRAIN_MS of a container: its env, else a ConfigMap it takes its environment from. */
function drainMs(objects: K8sObject[], container: IContainer): number | undefined {
  const direct = list(container.env).find((e) => e.name === 'SHUTDOWN_DRAIN_MS')?.value;
  if (direct !== undefined) return Number(direct);
  for (const source of list(container.envFrom)) {
    const data = findObject(objects, 'ConfigMap', source.configMapRef?.name)?.data as
      Record<string, string> | undefined;
    if (data?.SHUTDOWN_DRAIN_MS !== undefined) return Number(data.SHUTDOWN_DRAIN_MS);
  }
  return undefined;
}

/**
 * The grace period covers the shutdown: the preStop sleep, then (for the app's servers) the drain after SIGTERM and
 * the close, and a margin. Shorter, the kubelet kills running requests (a chat turn) on every rollout and drain.
 */
export const gracePeriod: Rule = {
  id: 'grace-period',
  check: (objects) =>
    allContainers(objects)
      .filter(({ init }) => !init)
      .flatMap(({ template, container }) => {
        const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
        const drain = drainMs(objects, container);
        if (!preStop && drain === undefined) return [];
        const parts = [`preStop ${preStop}`];
        let needed = preStop + MARGIN_SECONDS;
        if (drain !== undefined) {
          needed += Math.ceil(drain / 1000) + CLOSE_SECONDS;
          parts.push(`drain ${Math.ceil(drain / 1000)}`, `close ${CLOSE_SECONDS}`);
        }
        parts.push(`margin ${MARGIN_SECONDS}`);
        const grace = template.spec.terminationGracePeriodSeconds ?? 30;
        if (grace >= needed) return [];
        return [
          {
            object: template.id,
            path: `${template.path}.terminationGracePeriodSeconds`,
            message: `${grace}s is shorter than the shutdown of "${container.name}" (${parts.join(' + ')} = ${needed}s)`,
          },
        ];
      }),
};
