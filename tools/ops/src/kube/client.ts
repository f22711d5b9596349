import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { OpsTarget } from './target.js';

const NO_CONTEXT = 'no kube context: start Minikube (minikube start) or point KUBECONFIG at the cluster';

/** The user's kubeconfig (KUBECONFIG or ~/.kube/config) switched to the target's context when one is named. */
export function loadKubeConfig(target: Pick<OpsTarget, 'context'>, env: NodeJS.ProcessEnv = process.env): KubeConfig {
  // without any kubeconfig, client-node falls back to http://localhost:8080: say what is missing instead
  const files = env.KUBECONFIG ? env.KUBECONFIG.split(':') : [join(homedir(), '.kube', 'config')];
  if (!env.KUBERNETES_SERVICE_HOST && !files.some((file) => existsSync(file))) throw new Error(NO_CONTEXT);
  const kc = new KubeConfig();
  kc.loadFromDefault();
  if (target.context) {
    if (!kc.getContextObject(target.context))
      throw new Error(`kube context "${target.context}" not found: kubectl config get-contexts lists them`);
    kc.setCurrentContext(target.context);
  }
  if (!kc.getCurrentCluster()) throw new Error(NO_CONTEXT);
  return kc;
}
