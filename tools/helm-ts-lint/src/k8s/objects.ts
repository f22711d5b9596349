import type { K8sObject } from '../types.js';

/** `Kind/name`, the way findings name objects. */
export function objectId(object: { kind?: string; metadata?: { name?: string; generateName?: string } }): string {
  const name = object.metadata?.name ?? (object.metadata?.generateName ? `${object.metadata.generateName}*` : '?');
  return `${object.kind}/${name}`;
}

/** The objects of one kind, typed by the caller (use the `kubernetes-models` interfaces). */
export function ofKind<T>(objects: K8sObject[], kind: string): T[] {
  return objects.filter((object) => object.kind === kind) as unknown as T[];
}

export function findObject(objects: K8sObject[], kind: string, name: string | undefined): K8sObject | undefined {
  return objects.find((object) => object.kind === kind && object.metadata?.name === name);
}

/** Helm hooks (`helm.sh/hook`: tests, migrations) run to completion instead of serving. */
export function isHook(object: K8sObject): boolean {
  return Boolean(object.metadata?.annotations?.['helm.sh/hook']);
}

/** An array field, or nothing when it is absent or not an array (the schema rule reports the latter). */
export function list<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

/** The keys of a Secret (`data`, `stringData`) or a ConfigMap (`data`, `binaryData`). */
export function dataKeys(object: K8sObject): string[] {
  return ['data', 'stringData', 'binaryData'].flatMap((field) => Object.keys(object[field] ?? {}));
}
