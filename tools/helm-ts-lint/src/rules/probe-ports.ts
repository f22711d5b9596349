import { allContainers } from '../k8s/pods.js';
import { declaredPorts, findPort } from '../k8s/ports.js';
import type { Rule } from '../types.js';

const probes = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;

/** Each probe's httpGet or tcpSocket port is a port its container declares. */
export const probePorts: Rule = {
  id: 'references',
  check: (objects) =>
    allContainers(objects).flatMap(({ template, container, path }) =>
      probes.flatMap((probe) =>
        (['httpGet', 'tcpSocket'] as const).flatMap((handler) => {
          const port = container[probe]?.[handler]?.port;
          if (port === undefined || findPort(declaredPorts([container]), port)) return [];
          return [
            {
              object: template.id,
              path: `${path}.${probe}.${handler}.port`,
              message: `${probe} port ${JSON.stringify(port)} is not a port of container "${container.name}"`,
            },
          ];
        }),
      ),
    ),
};
