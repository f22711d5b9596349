import type { K8sObject } from '../types.js';
import { dataKeys, findObject } from './objects.js';
import { operatorSecrets } from './operators.js';

/** A reference to a Secret or a ConfigMap, and maybe to one of its keys. */
export interface ObjectRef {
  kind: 'Secret' | 'ConfigMap';
  name?: string;
  key?: string;
  optional?: boolean;
}

/**
 * What is wrong with a reference, if anything: optional ones and Secrets made outside the chart are fine; those an
 * operator makes from the chart's custom resources must have the key.
 */
function brokenRef(objects: K8sObject[], ref: ObjectRef, existingSecrets: string[]): string | undefined {
  if (ref.optional || (ref.kind === 'Secret' && ref.name !== undefined && existingSecrets.includes(ref.name))) {
    return undefined;
  }
  const operatorKeys = ref.kind === 'Secret' ? operatorSecrets(objects).get(ref.name ?? '') : undefined;
  if (operatorKeys) {
    return ref.key === undefined || operatorKeys.includes(ref.key)
      ? undefined
      : `Secret "${ref.name}" (made by the operator) has no key "${ref.key}"`;
  }
  const target = findObject(objects, ref.kind, ref.name);
  if (!target) {
    return ref.kind === 'Secret'
      ? `Secret "${ref.name}" is neither in the manifests nor in existingSecrets`
      : `ConfigMap "${ref.name}" does not exist`;
  }
  if (ref.key !== undefined && !dataKeys(target).includes(ref.key)) {
    return `${ref.kind} "${ref.name}" has no key "${ref.key}"`;
  }
  return undefined;
}

/** A reference and where it sits; `undefined` when that kind of reference is absent there. */
export type LocatedRef = [path: string, ref: ObjectRef | undefined];

export function brokenRefs(
  objects: K8sObject[],
  refs: LocatedRef[],
  existingSecrets: string[],
): { path: string; message: string }[] {
  return refs.flatMap(([path, ref]) => {
    const message = ref && brokenRef(objects, ref, existingSecrets);
    return message ? [{ path, message }] : [];
  });
}
