import type { IService } from 'kubernetes-models/v1/Service';
import { list, objectId, ofKind } from '../k8s/objects.js';
import { findPort } from '../k8s/ports.js';
import { matchesLabels } from '../k8s/selectors.js';
import { allows, network } from '../network/policies.js';
import type { Rule } from '../types.js';

/** Whatever a Service exposes, some NetworkPolicy lets in: each port of each pod it selects admits ingress. */
export const networkServiceIngress: Rule = {
  id: 'network',
  check: (objects) => {
    const net = network(objects);
    return ofKind<IService>(objects, 'Service').flatMap((service) => {
      const selector = service.spec?.selector ?? {};
      if (Object.keys(selector).length === 0) return [];
      const pods = net.pods.filter((pod) => matchesLabels(selector, pod.labels));
      return list(service.spec?.ports).flatMap((servicePort, index) =>
        pods.flatMap((pod) => {
          const target = servicePort.targetPort ?? servicePort.port;
          const protocol = servicePort.protocol ?? 'TCP';
          // Unresolvable target ports are the references rule's finding.
          const port = findPort(pod.ports, target, protocol);
          if (!port || allows(net, 'ingress', pod, port)) return [];
          return [
            {
              object: objectId(service),
              path: `spec.ports[${index}]`,
              message: `no NetworkPolicy admits ingress to ${pod.id} on port ${port.port}/${protocol}`,
            },
          ];
        }),
      );
    });
  },
};
