import { objectId } from '../k8s/objects.js';
import type { Rule } from '../types.js';

const required = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/managed-by',
  'helm.sh/chart',
];

/** Every object, Helm hooks included, carries the recommended labels. */
export const labels: Rule = {
  id: 'labels',
  check: (objects) =>
    objects.flatMap((object) =>
      required
        .filter((label) => object.metadata?.labels?.[label] === undefined)
        .map((label) => ({ object: objectId(object), path: 'metadata.labels', message: `missing label "${label}"` })),
    ),
};
