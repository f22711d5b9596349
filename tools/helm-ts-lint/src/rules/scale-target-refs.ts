import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { findObject, objectId, ofKind } from '../k8s/objects.js';
import type { Rule } from '../types.js';

/** Each HorizontalPodAutoscaler scales a workload that exists. */
export const scaleTargetRefs: Rule = {
  id: 'references',
  check: (objects) =>
    ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler').flatMap((hpa) => {
      const target = hpa.spec?.scaleTargetRef;
      if (!target || findObject(objects, target.kind, target.name)) return [];
      const message = `scaleTargetRef ${target.kind} "${target.name}" does not exist`;
      return [{ object: objectId(hpa), path: 'spec.scaleTargetRef', message }];
    }),
};
