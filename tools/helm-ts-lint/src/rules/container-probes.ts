import { allContainers, runsToCompletion } from '../k8s/pods.js';
import type { Rule } from '../types.js';

/** Serving containers have readiness and liveness probes (not init containers, Jobs, CronJobs or Helm hooks). */
export const containerProbes: Rule = {
  id: 'containers',
  check: (objects) =>
    allContainers(objects)
      .filter(({ template, init }) => !init && !runsToCompletion(template))
      .flatMap(({ template, container, path }) =>
        (['readinessProbe', 'livenessProbe'] as const)
          .filter((probe) => !container[probe])
          .map((probe) => ({
            object: template.id,
            path: `${path}.${probe}`,
            message: `container "${container.name}" has no ${probe}`,
          })),
      ),
};
