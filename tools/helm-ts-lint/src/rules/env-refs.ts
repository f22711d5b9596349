import { list } from '../k8s/objects.js';
import { allContainers } from '../k8s/pods.js';
import { brokenRefs, type LocatedRef } from '../k8s/refs.js';
import type { Rule } from '../types.js';

/** Each env `secretKeyRef`/`configMapKeyRef` and envFrom `secretRef`/`configMapRef` names an object (and key) that exists. */
export const envRefs: Rule = {
  id: 'references',
  check: (objects, { existingSecrets = [] }) =>
    allContainers(objects).flatMap(({ template, container, path }) => {
      const refs: LocatedRef[] = [
        ...list(container.env).flatMap(({ valueFrom }, i): LocatedRef[] => [
          [
            `${path}.env[${i}].valueFrom.secretKeyRef`,
            valueFrom?.secretKeyRef && { kind: 'Secret', ...valueFrom.secretKeyRef },
          ],
          [
            `${path}.env[${i}].valueFrom.configMapKeyRef`,
            valueFrom?.configMapKeyRef && { kind: 'ConfigMap', ...valueFrom.configMapKeyRef },
          ],
        ]),
        ...list(container.envFrom).flatMap(({ secretRef, configMapRef }, i): LocatedRef[] => [
          [`${path}.envFrom[${i}].secretRef`, secretRef && { kind: 'Secret', ...secretRef }],
          [`${path}.envFrom[${i}].configMapRef`, configMapRef && { kind: 'ConfigMap', ...configMapRef }],
        ]),
      ];
      return brokenRefs(objects, refs, existingSecrets).map((issue) => ({ object: template.id, ...issue }));
    }),
};
