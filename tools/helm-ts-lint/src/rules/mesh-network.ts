import { CONTROL_PLANE, PROXY_ADMIN, PROXY_INBOUND } from '../k8s/mesh.js';
import { allowedFlows } from '../network/flows.js';
import { allows, network, type NetworkPod } from '../network/policies.js';
import type { Issue, Rule } from '../types.js';

/** Linkerd's control plane, as a peer of the policies. */
const controlPlane: NetworkPod = {
  id: 'linkerd control plane',
  namespace: CONTROL_PLANE.namespace,
  labels: CONTROL_PLANE.labels,
  ports: [],
  meshed: true,
};

/**
 * NetworkPolicies leave the mesh working: every meshed pod's proxy may reach the control plane and be scraped on
 * its admin port, and wherever one meshed pod may reach another on an app port, it may also on the proxy's inbound
 * port (where meshed traffic really arrives).
 */
export const meshNetwork: Rule = {
  id: 'mesh',
  check: (objects) => {
    const net = network(objects);
    const meshed = net.pods.filter((pod) => pod.meshed);
    const controlPlaneIssues = meshed.flatMap((pod): Issue[] => {
      const blocked = CONTROL_PLANE.ports.filter(
        (port) => !allows(net, 'egress', pod, { port, protocol: 'TCP' }, controlPlane),
      );
      return blocked.length
        ? [
            {
              object: pod.id,
              message: `no NetworkPolicy lets its proxy reach Linkerd's control plane (namespace ${CONTROL_PLANE.namespace}) on TCP ${blocked.join(', ')}: the pod never gets ready`,
            },
          ]
        : [];
    });
    const adminIssues = meshed
      .filter((pod) => !allows(net, 'ingress', pod, PROXY_ADMIN))
      .map((pod) => ({
        object: pod.id,
        message: `no NetworkPolicy admits ingress to the proxy's admin port ${PROXY_ADMIN.port} (its metrics)`,
      }));
    const flows = allowedFlows(objects);
    const isMeshed = new Set(meshed.map((pod) => pod.id));
    const proxyPorts = new Set([PROXY_INBOUND.port, PROXY_ADMIN.port]);
    const pairs = new Map<string, { from: string; to: string; port: number }>();
    for (const flow of flows)
      if (isMeshed.has(flow.from) && isMeshed.has(flow.to) && !proxyPorts.has(flow.port))
        pairs.set(`${flow.from} ${flow.to}`, flow);
    const inboundIssues = [...pairs.values()]
      .filter(({ from, to }) => !flows.some((f) => f.from === from && f.to === to && f.port === PROXY_INBOUND.port))
      .map(({ from, to, port }) => ({
        object: to,
        message: `${from} may reach it on port ${port} but not on the proxy's inbound port ${PROXY_INBOUND.port}, where meshed traffic arrives`,
      }));
    return [...controlPlaneIssues, ...adminIssues, ...inboundIssues];
  },
};
