// Linkerd for the cluster: the pinned version, how to tell what is installed, and the steps that install it.
// With the Linkerd CNI plugin, not the linkerd-init container: that container needs NET_ADMIN and NET_RAW, which the
// restricted Pod Security Standard of the app's namespace forbids; the plugin sets the pods' iptables up from the node.
import type { Step } from '@todo/cli/steps';

export const LINKERD = {
  /** Linkerd 2.19: its `version-2.19` tag marks this edge release. */
  version: 'edge-25.10.7',
  /** Gateway API standard channel, within the 2.19 range (1.1.1 to 1.4.0): Linkerd needs it, the chart's routes too. */
  gatewayApi: 'v1.2.1',
  namespace: 'linkerd',
  vizNamespace: 'linkerd-viz',
};

export const GATEWAY_API_CRD = 'httproutes.gateway.networking.k8s.io';
export const GATEWAY_API_URL = `https://github.com/kubernetes-sigs/gateway-api/releases/download/${LINKERD.gatewayApi}/standard-install.yaml`;

export const INSTALL_LINKERD = `install the linkerd CLI ${LINKERD.version}: curl --proto '=https' --tlsv1.2 -sSfL https://run.linkerd.io/install-edge | LINKERD2_VERSION=${LINKERD.version} sh, then export PATH=$HOME/.linkerd2/bin:$PATH`;

/** `linkerd version --short` prints the client's version, then the control plane's or `unavailable`. */
export function serverVersion(versionShort: string): string | undefined {
  const server = versionShort.trim().split('\n')[1]?.trim();
  return server && server !== 'unavailable' ? server : undefined;
}

export interface MeshState {
  /** The control plane's version, when installed. */
  installed?: string;
  gatewayApi: boolean;
  viz: boolean;
}

/** What remains to be done, in order; `linkerd check` always ends it. */
export function meshSteps(linkerd: string, kubectl: string, context: string, state: MeshState, viz: boolean): Step[] {
  const l = [linkerd, '--context', context];
  const apply = [kubectl, '--context', context, 'apply', '-f', '-'];
  const steps: Step[] = [];
  if (!state.installed) {
    if (!state.gatewayApi)
      steps.push({
        title: `Installing the Gateway API ${LINKERD.gatewayApi} CRDs (Linkerd's routes and policies)`,
        argv: [kubectl, '--context', context, 'apply', '-f', GATEWAY_API_URL],
      });
    steps.push(
      {
        title: 'Installing the Linkerd CNI plugin (no NET_ADMIN in the meshed pods)',
        argv: [...l, 'install-cni'],
        pipeTo: apply,
      },
      { title: 'Checking the cluster can take Linkerd', argv: [...l, 'check', '--pre', '--linkerd-cni-enabled'] },
      { title: "Installing Linkerd's CRDs", argv: [...l, 'install', '--crds'], pipeTo: apply },
      {
        title: 'Installing the Linkerd control plane',
        argv: [...l, 'install', '--linkerd-cni-enabled'],
        pipeTo: apply,
      },
    );
  }
  if (viz && !state.viz)
    steps.push({
      title: 'Installing linkerd-viz (metrics, `linkerd viz edges`)',
      argv: [...l, 'viz', 'install'],
      pipeTo: apply,
    });
  steps.push({ title: 'Checking Linkerd', argv: [...l, 'check'] });
  if (viz) steps.push({ title: 'Checking linkerd-viz', argv: [...l, 'viz', 'check'] });
  return steps;
}

export function howToUseTheMesh(context: string): string[] {
  return [
    'Mesh the app: npx nx run deploy:up --set mesh.enabled=true',
    `Then: linkerd --context ${context} viz edges deployment -n todo (needs --viz), linkerd --context ${context} diagnostics proxy-metrics -n todo deploy/todo-backend`,
  ];
}
