import { objectId } from '../k8s/objects.js';
import { crdViolations } from '../schema/crds.js';
import type { Rule } from '../types.js';

/** Custom resources (CloudNativePG's Cluster, Pooler, ScheduledBackup) against their operator's published CRD schema. */
export const schemaCrds: Rule = {
  id: 'schema',
  check: (objects) =>
    objects.flatMap((object) => (crdViolations(object) ?? []).map((v) => ({ object: objectId(object), ...v }))),
};
