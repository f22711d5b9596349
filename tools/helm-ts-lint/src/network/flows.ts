import type { K8sObject } from '../types.js';
import { allows, network } from './policies.js';

/** Workload `from` may open connections to workload `to` on `port`/`protocol`. */
export interface Flow {
  from: string;
  to: string;
  port: number;
  protocol: string;
}

/**
 * The pod-to-pod flows the NetworkPolicies allow between the workloads of the manifests: src -> dst:port
 * needs an egress rule of a policy selecting src that allows dst:port, and an ingress rule of a policy
 * selecting dst that allows src:port. As in Kubernetes, a pod no policy isolates in a direction is open in it.
 * Ports are the destination's declared container ports.
 */
export function allowedFlows(objects: K8sObject[]): Flow[] {
  const net = network(objects);
  return net.pods.flatMap((src) =>
    net.pods
      .filter((dst) => dst !== src)
      .flatMap((dst) =>
        dst.ports
          .filter((port) => allows(net, 'egress', src, port, dst) && allows(net, 'ingress', dst, port, src))
          .map((port) => ({ from: src.id, to: dst.id, port: port.port, protocol: port.protocol })),
      ),
  );
}
