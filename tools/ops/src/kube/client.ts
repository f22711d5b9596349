import { KubeConfig } from '@kubernetes/client-node';
import type { OpsTarget } from './target.js';

/** The user's kubeconfig (KUBECONFIG or ~/.kube/config) switched to the target's context when one is named. */
export function loadKubeConfig(target: Pick<OpsTarget, 'context'>): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  if (target.context) {
    if (!kc.getContextObject(target.context))
      throw new Error(`kube context "${target.context}" not found: kubectl config get-contexts lists them`);
    kc.setCurrentContext(target.context);
  }
  if (!kc.getCurrentCluster()) throw new Error('no kube context: start Minikube (minikube start) or set KUBE_CONTEXT');
  return kc;
}
