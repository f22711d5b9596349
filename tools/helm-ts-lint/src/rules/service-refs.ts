import type { IService } from 'kubernetes-models/v1/Service';
import { list, objectId, ofKind } from '../k8s/objects.js';
import { podTemplates } from '../k8s/pods.js';
import { declaredPorts, findPort } from '../k8s/ports.js';
import { formatLabels, matchesLabels } from '../k8s/selectors.js';
import type { Issue, Rule } from '../types.js';

/** Each Service selects the pods of some workload, and each of its target ports is a port those pods declare. */
export const serviceRefs: Rule = {
  id: 'references',
  check: (objects) => {
    const templates = podTemplates(objects);
    return ofKind<IService>(objects, 'Service').flatMap((service): Issue[] => {
      const selector = service.spec?.selector ?? {};
      if (Object.keys(selector).length === 0) return []; // ExternalName, or endpoints managed by hand
      const pods = templates.filter((template) => matchesLabels(selector, template.labels));
      if (pods.length === 0) {
        const message = `selector ${formatLabels(selector)} matches no workload's pod labels`;
        return [{ object: objectId(service), path: 'spec.selector', message }];
      }
      return list(service.spec?.ports).flatMap((port, index) => {
        const target = port.targetPort ?? port.port;
        const protocol = port.protocol ?? 'TCP';
        if (pods.some((pod) => findPort(declaredPorts(list(pod.spec.containers)), target, protocol))) return [];
        const workloads = pods.map((pod) => pod.id).join(', ');
        return [
          {
            object: objectId(service),
            path: `spec.ports[${index}].targetPort`,
            message: `targetPort ${JSON.stringify(target)}/${protocol} is not a container port of ${workloads}`,
          },
        ];
      });
    });
  },
};
