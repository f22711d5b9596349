import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { objectId, ofKind } from '../k8s/objects.js';
import { podTemplates } from '../k8s/pods.js';
import { minReplicas } from '../k8s/scale.js';
import { matchesSelector } from '../k8s/selectors.js';
import type { Issue, Rule } from '../types.js';

/**
 * A PodDisruptionBudget never blocks a node drain: unhealthy pods stay evictable (AlwaysAllow: in a database outage
 * every API pod is unready), and it lets at least one of the fewest pods go (minAvailable below them, maxUnavailable
 * at least one).
 */
export const pdbDrain: Rule = {
  id: 'pdb-drain',
  check: (objects) => {
    const templates = podTemplates(objects);
    return ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget').flatMap((pdb): Issue[] => {
      const object = objectId(pdb);
      const spec = pdb.spec ?? {};
      const issues: Issue[] = [];
      if (spec.unhealthyPodEvictionPolicy !== 'AlwaysAllow') {
        issues.push({
          object,
          path: 'spec.unhealthyPodEvictionPolicy',
          message: 'must be AlwaysAllow: with the pods unready (a database outage) no node could be drained',
        });
      }
      const selector = spec.selector;
      const workloads = selector ? templates.filter((t) => matchesSelector(selector, t.labels)) : [];
      const fewest = workloads.reduce((sum, t) => sum + minReplicas(objects, t.object), 0);
      if (typeof spec.minAvailable === 'number' && workloads.length > 0 && spec.minAvailable >= fewest) {
        issues.push({
          object,
          path: 'spec.minAvailable',
          message: `minAvailable ${spec.minAvailable} is not below the fewest pods it selects (${fewest}): no pod could ever be evicted`,
        });
      }
      if (spec.maxUnavailable === 0 || spec.maxUnavailable === '0%') {
        issues.push({ object, path: 'spec.maxUnavailable', message: 'maxUnavailable 0: no pod could ever be evicted' });
      }
      return issues;
    });
  },
};
