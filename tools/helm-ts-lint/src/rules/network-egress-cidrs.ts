import ipaddr from 'ipaddr.js';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { list, objectId, ofKind } from '../k8s/objects.js';
import type { Issue, Rule } from '../types.js';

/** Ranges an egress rule to "the internet" must not reach: the cluster's (private, CGNAT) and link-local (metadata). */
export const CLUSTER_RANGES = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '169.254.0.0/16',
  'fc00::/7',
  'fe80::/10',
];

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Whether `outer` holds all of `inner`. */
function holds([network, bits]: Cidr, [inner, innerBits]: Cidr): boolean {
  return network.kind() === inner.kind() && bits <= innerBits && inner.match([network, bits] as never);
}

function parse(cidr: string): Cidr | undefined {
  try {
    return ipaddr.parseCIDR(cidr);
  } catch {
    return undefined;
  }
}

/**
 * An egress ipBlock holding a cluster or link-local range (0.0.0.0/0 above all) excepts it: otherwise the pod reaches
 * every pod and node of the cluster, past the chart's policies, and the cloud metadata address 169.254.169.254.
 * A range inside one of them (an operator's private database subnet) names its destination and is left alone.
 */
export const networkEgressCidrs: Rule = {
  id: 'network-egress-cidrs',
  check: (objects) =>
    ofKind<INetworkPolicy>(objects, 'NetworkPolicy').flatMap((policy) =>
      list(policy.spec?.egress).flatMap((rule, r) =>
        list(rule.to).flatMap((peer, p): Issue[] => {
          const block = peer.ipBlock && parse(peer.ipBlock.cidr);
          if (!block) return [];
          const excepts = list(peer.ipBlock!.except).flatMap((e) => {
            const cidr = parse(e);
            return cidr ? [cidr] : [];
          });
          const open = CLUSTER_RANGES.filter((range) => {
            const cluster = parse(range)!;
            return holds(block, cluster) && !excepts.some((e) => holds(e, cluster));
          });
          if (open.length === 0) return [];
          return [
            {
              object: objectId(policy),
              path: `spec.egress[${r}].to[${p}].ipBlock`,
              message: `${peer.ipBlock!.cidr} lets the pods reach ${open.join(', ')} (the cluster, link-local metadata): except them`,
            },
          ];
        }),
      ),
    ),
};
