import { parseAllDocuments } from 'yaml';
import type { K8sObject } from './types.js';

function isK8sObject(value: unknown): value is K8sObject {
  const object = value as Partial<K8sObject> | null;
  return typeof object?.apiVersion === 'string' && typeof object.kind === 'string';
}

/** The objects of a multi-document YAML stream (`helm template` output); empty documents are skipped. */
export function parseManifests(yamlText: string): K8sObject[] {
  return parseAllDocuments(yamlText).flatMap((document, index) => {
    const [error] = document.errors;
    if (error) throw new Error(`YAML document ${index + 1}: ${error.message}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) return [];
    if (!isK8sObject(value))
      throw new Error(`YAML document ${index + 1} is not a Kubernetes object (no apiVersion/kind)`);
    return [value];
  });
}
