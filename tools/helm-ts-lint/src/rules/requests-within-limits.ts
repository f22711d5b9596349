import { allContainers } from '../k8s/pods.js';
import { quantity } from '../k8s/quantity.js';
import type { Rule } from '../types.js';

/** No container requests more than its limit (the API server refuses the pod; the values schema cannot compare). */
export const requestsWithinLimits: Rule = {
  id: 'requests-within-limits',
  check: (objects) =>
    allContainers(objects).flatMap(({ template, container, path }) => {
      const { requests = {}, limits = {} } = container.resources ?? {};
      return Object.keys(requests)
        .filter((resource) => resource in limits && quantity(requests[resource]) > quantity(limits[resource]))
        .map((resource) => ({
          object: template.id,
          path: `${path}.resources.requests.${resource}`,
          message: `container "${container.name}" requests ${resource} ${requests[resource]}, above its limit ${limits[resource]}`,
        }));
    }),
};
