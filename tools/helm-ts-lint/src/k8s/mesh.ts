// Linkerd, as the manifests show it: the proxy is injected at admission, so its ports and its control plane are
// known facts here, not rendered objects (linkerd.io docs: proxy configuration, architecture, network policy).
import type { DeclaredPort } from './ports.js';
import type { PodTemplate } from './pods.js';

export const INJECT = 'linkerd.io/inject';
export const NATIVE_SIDECAR = 'config.beta.linkerd.io/proxy-enable-native-sidecar';

/** What the injected linkerd-proxy container declares: meshed peers connect to its inbound port, not the app's. */
export const PROXY_PORTS: DeclaredPort[] = [
  { port: 4143, name: 'linkerd-proxy', protocol: 'TCP' },
  { port: 4191, name: 'linkerd-admin', protocol: 'TCP' },
];
export const PROXY_INBOUND = PROXY_PORTS[0];
export const PROXY_ADMIN = PROXY_PORTS[1];

/** The control plane every proxy talks to: identity 8080, destination 8086, policy 8090, in namespace linkerd. */
export const CONTROL_PLANE = {
  namespace: 'linkerd',
  labels: { 'linkerd.io/control-plane-ns': 'linkerd' },
  ports: [8080, 8086, 8090],
};

export function isMeshed(template: PodTemplate): boolean {
  return template.annotations[INJECT] === 'enabled';
}

/** The proxy's resources as the injector sets them from pod annotations (`config.linkerd.io/proxy-cpu-limit`...). */
export function proxyResources(template: PodTemplate): {
  requests: Record<string, string>;
  limits: Record<string, string>;
} {
  const pick = (kind: 'request' | 'limit') =>
    Object.fromEntries(
      ['cpu', 'memory'].flatMap((resource) => {
        const value = template.annotations[`config.linkerd.io/proxy-${resource}-${kind}`];
        return value === undefined ? [] : [[resource, value]];
      }),
    );
  return { requests: pick('request'), limits: pick('limit') };
}
