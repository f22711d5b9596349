import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
import { list, ofKind } from '../k8s/objects.js';
import { isMeshed, PROXY_PORTS } from '../k8s/mesh.js';
import { podTemplates } from '../k8s/pods.js';
import { declaredPorts, type DeclaredPort } from '../k8s/ports.js';
import { matchesSelector } from '../k8s/selectors.js';
import type { K8sObject } from '../types.js';

export type Direction = 'ingress' | 'egress';

/** The pods of one workload, as the network sees them. */
export interface NetworkPod {
  id: string;
  namespace?: string;
  labels: Record<string, string>;
  /** The app's declared ports, plus the Linkerd proxy's when the pod is meshed. */
  ports: DeclaredPort[];
  meshed: boolean;
}

export interface Network {
  pods: NetworkPod[];
  policies: INetworkPolicy[];
  /** Labels of a namespace: `kubernetes.io/metadata.name` plus those of its Namespace object, if rendered. */
  namespaceLabels(namespace: string | undefined): Record<string, string>;
}

/** An ingress or egress rule: `peers` is its `from` or `to`. */
export interface PolicyRule {
  peers?: INetworkPolicyPeer[];
  ports?: INetworkPolicyPort[];
}

export function network(objects: K8sObject[]): Network {
  const namespaces = ofKind<K8sObject>(objects, 'Namespace');
  return {
    pods: podTemplates(objects).map((template) => ({
      id: template.id,
      namespace: template.namespace,
      labels: template.labels,
      ports: [...declaredPorts(list(template.spec.containers)), ...(isMeshed(template) ? PROXY_PORTS : [])],
      meshed: isMeshed(template),
    })),
    policies: ofKind<INetworkPolicy>(objects, 'NetworkPolicy'),
    namespaceLabels: (namespace) =>
      namespace === undefined
        ? {}
        : {
            ...namespaces.find((object) => object.metadata?.name === namespace)?.metadata?.labels,
            'kubernetes.io/metadata.name': namespace,
          },
  };
}

/** Kubernetes' default: Ingress always, Egress when the policy has egress rules. */
export function policyTypes(policy: INetworkPolicy): string[] {
  return policy.spec?.policyTypes ?? ['Ingress', ...(policy.spec?.egress ? ['Egress'] : [])];
}

export function rulesOf(policy: INetworkPolicy, direction: Direction): PolicyRule[] {
  return direction === 'ingress'
    ? list(policy.spec?.ingress).map((rule) => ({ peers: rule.from, ports: rule.ports }))
    : list(policy.spec?.egress).map((rule) => ({ peers: rule.to, ports: rule.ports }));
}

/** The policies that isolate a pod in one direction: once there is one, only what they allow gets through. */
export function isolating(net: Network, pod: NetworkPod, direction: Direction): INetworkPolicy[] {
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  return net.policies.filter(
    (policy) =>
      policy.metadata?.namespace === pod.namespace &&
      matchesSelector(policy.spec?.podSelector ?? {}, pod.labels) &&
      policyTypes(policy).includes(type),
  );
}

/**
 * Whether traffic to `port` (always the destination's port) may enter (`ingress`) or leave (`egress`) `pod`,
 * from or to `peer`; without a peer, from or to anything at all.
 */
export function allows(net: Network, direction: Direction, pod: NetworkPod, port: DeclaredPort, peer?: NetworkPod) {
  const policies = isolating(net, pod, direction);
  return (
    policies.length === 0 ||
    policies.some((policy) =>
      rulesOf(policy, direction).some(
        (rule) =>
          portsMatch(rule.ports, port) &&
          (peer === undefined || !rule.peers?.length || rule.peers.some((p) => peerMatches(net, p, policy, peer))),
      ),
    )
  );
}

function portsMatch(ports: INetworkPolicyPort[] | undefined, port: DeclaredPort): boolean {
  return (
    !ports?.length ||
    ports.some(
      (p) =>
        (p.protocol ?? 'TCP') === port.protocol &&
        (p.port === undefined ||
          p.port === port.name ||
          (typeof p.port === 'number' && port.port >= p.port && port.port <= (p.endPort ?? p.port))),
    )
  );
}

/** Whether a peer of a policy designates a pod (ipBlocks designate addresses, not the app's pods). */
function peerMatches(net: Network, peer: INetworkPolicyPeer, policy: INetworkPolicy, pod: NetworkPod): boolean {
  if (peer.ipBlock) return false;
  const inNamespace = peer.namespaceSelector
    ? matchesSelector(peer.namespaceSelector, net.namespaceLabels(pod.namespace))
    : pod.namespace === policy.metadata?.namespace;
  return inNamespace && matchesSelector(peer.podSelector ?? {}, pod.labels);
}
