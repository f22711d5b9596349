import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { findObject, list, ofKind } from '../k8s/objects.js';
import { podTemplates } from '../k8s/pods.js';
import { brokenRefs, type LocatedRef } from '../k8s/refs.js';
import type { K8sObject, Rule } from '../types.js';

/** Claims a StatefulSet makes from its volumeClaimTemplates: `<template>` in its pods, `<template>-<set>-<n>` outside. */
function claimExists(objects: K8sObject[], name: string | undefined): boolean {
  return (
    findObject(objects, 'PersistentVolumeClaim', name) !== undefined ||
    ofKind<IStatefulSet>(objects, 'StatefulSet').some((set) =>
      list(set.spec?.volumeClaimTemplates).some(({ metadata }) => {
        const prefix = `${metadata?.name}-${set.metadata?.name}-`;
        return name === metadata?.name || (name?.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)));
      }),
    )
  );
}

/** Each secret, configMap (also projected) and persistentVolumeClaim volume names an object that exists. */
export const volumeRefs: Rule = {
  id: 'references',
  check: (objects, { existingSecrets = [] }) =>
    podTemplates(objects).flatMap((template) =>
      list(template.spec.volumes).flatMap((volume, i) => {
        const at = `${template.path}.volumes[${i}]`;
        const { secret, configMap, projected, persistentVolumeClaim: claim } = volume;
        const refs: LocatedRef[] = [
          [`${at}.secret.secretName`, secret && { kind: 'Secret', name: secret.secretName, optional: secret.optional }],
          [`${at}.configMap.name`, configMap && { kind: 'ConfigMap', ...configMap }],
          ...list(projected?.sources).flatMap((source, j): LocatedRef[] => [
            [`${at}.projected.sources[${j}].secret.name`, source.secret && { kind: 'Secret', ...source.secret }],
            [
              `${at}.projected.sources[${j}].configMap.name`,
              source.configMap && { kind: 'ConfigMap', ...source.configMap },
            ],
          ]),
        ];
        const issues = brokenRefs(objects, refs, existingSecrets).map((issue) => ({ object: template.id, ...issue }));
        if (claim && !claimExists(objects, claim.claimName)) {
          const message = `PersistentVolumeClaim "${claim.claimName}" does not exist`;
          issues.push({ object: template.id, path: `${at}.persistentVolumeClaim.claimName`, message });
        }
        return issues;
      }),
    ),
};
