import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { objectId, ofKind } from '../k8s/objects.js';
import { operatorPodLabels } from '../k8s/operators.js';
import { podTemplates } from '../k8s/pods.js';
import { formatSelector, matchesSelector } from '../k8s/selectors.js';
import type { Rule } from '../types.js';

/** Each PodDisruptionBudget selects the pods of some workload or operator (without a selector, it selects none). */
export const pdbRefs: Rule = {
  id: 'references',
  check: (objects) => {
    const pods = [...podTemplates(objects).map((template) => template.labels), ...operatorPodLabels(objects)];
    return ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget').flatMap((pdb) => {
      const selector = pdb.spec?.selector;
      if (selector && pods.some((labels) => matchesSelector(selector, labels))) return [];
      const message = selector
        ? `selector ${formatSelector(selector)} matches no workload's pods`
        : 'has no selector, so it protects no pods';
      return [{ object: objectId(pdb), path: 'spec.selector', message }];
    });
  },
};
