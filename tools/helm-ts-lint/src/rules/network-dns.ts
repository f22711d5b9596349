import { allows, isolating, network } from '../network/policies.js';
import type { Rule } from '../types.js';

/** Every workload's pods are selected by a policy that lets them ask DNS, on port 53 over UDP and TCP. */
export const networkDns: Rule = {
  id: 'network',
  check: (objects) => {
    const net = network(objects);
    return net.pods.flatMap((pod) => {
      const missing = isolating(net, pod, 'egress').length
        ? ['UDP', 'TCP'].filter((protocol) => !allows(net, 'egress', pod, { port: 53, protocol }))
        : ['UDP', 'TCP'];
      if (missing.length === 0) return [];
      const message = `no NetworkPolicy allows its pods egress to DNS on port 53 over ${missing.join(' and ')}`;
      return [{ object: pod.id, message }];
    });
  },
};
