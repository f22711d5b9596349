import { podTemplates } from '../k8s/pods.js';
import type { Rule } from '../types.js';

/** Labels whose values change with the chart's version: on a pod template, every upgrade would restart the pods. */
const versioned = ['helm.sh/chart', 'app.kubernetes.io/version'];

/** Pod templates of controllers carry no label that changes with the chart's version (bare Pods are not rolled). */
export const podTemplateLabels: Rule = {
  id: 'pod-template-labels',
  check: (objects) =>
    podTemplates(objects)
      .filter((template) => template.object.kind !== 'Pod')
      .flatMap((template) =>
        versioned
          .filter((label) => label in template.labels)
          .map((label) => ({
            object: template.id,
            path: `${template.path.replace(/\.spec$/, '')}.metadata.labels`,
            message: `pod template label "${label}" changes with the chart version: every upgrade would restart the pods`,
          })),
      ),
};
