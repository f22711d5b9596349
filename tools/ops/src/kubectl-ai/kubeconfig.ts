import { KubeConfig } from '@kubernetes/client-node';
import type { OpsTarget } from '../kube/target.js';

/**
 * A kubeconfig with only the target's cluster and user, in a context whose namespace is the release's:
 * kubectl-ai, its kubectl and the helm tool then all act on the right cluster and namespace by default.
 */
export function scopedKubeConfig(source: KubeConfig, target: OpsTarget): string {
  const context = source.getContextObject(target.context ?? source.getCurrentContext());
  const cluster = context && source.getCluster(context.cluster);
  const user = context && source.getUser(context.user);
  if (!context || !cluster || !user) throw new Error('no usable kube context: start Minikube or set KUBE_CONTEXT');
  const scoped = new KubeConfig();
  scoped.loadFromOptions({
    clusters: [cluster],
    users: [user],
    contexts: [{ ...context, name: `${context.name}-${target.namespace}`, namespace: target.namespace }],
    currentContext: `${context.name}-${target.namespace}`,
  });
  return scoped.exportConfig();
}
