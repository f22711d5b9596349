import { allContainers } from '../k8s/pods.js';
import type { Issue, Rule } from '../types.js';

/** Every container and init container requests and limits cpu and memory. */
export const containerResources: Rule = {
  id: 'containers',
  check: (objects) =>
    allContainers(objects).flatMap(({ template, container, path }) =>
      (['requests', 'limits'] as const).flatMap((group): Issue[] => {
        const missing = ['cpu', 'memory'].filter((resource) => container.resources?.[group]?.[resource] === undefined);
        return missing.length
          ? [
              {
                object: template.id,
                path: `${path}.resources.${group}`,
                message: `container "${container.name}" has no ${group} for ${missing.join(', ')}`,
              },
            ]
          : [];
      }),
    ),
};
