import type { K8sObject } from '../types.js';
import { ofKind } from './objects.js';

/**
 * What CloudNativePG makes from the chart's custom resources, so that references to it are checked like references
 * to the chart's own objects: a Cluster's Secrets (with their keys) and the labels of its and its Poolers' pods.
 */
const CNPG = 'postgresql.cnpg.io/v1';

/** Secrets a Cluster named `<name>` gets from the operator: `<name>-app` (the owner's login) and `<name>-ca`. */
export function operatorSecrets(objects: K8sObject[]): Map<string, string[]> {
  const secrets = new Map<string, string[]>();
  for (const cluster of ofKind<K8sObject>(objects, 'Cluster').filter((o) => o.apiVersion === CNPG)) {
    const name = cluster.metadata?.name;
    secrets.set(`${name}-app`, ['username', 'user', 'password', 'dbname', 'host', 'port', 'uri', 'jdbc-uri', 'pgpass']);
    secrets.set(`${name}-ca`, ['ca.crt', 'ca.key']);
  }
  return secrets;
}

interface WithLabels {
  spec?: {
    inheritedMetadata?: { labels?: Record<string, string> };
    template?: { metadata?: { labels?: Record<string, string> } };
  };
}

/** Labels of the pods the operator runs: a Cluster's inheritedMetadata, a Pooler's pod template. */
export function operatorPodLabels(objects: K8sObject[]): Record<string, string>[] {
  return objects
    .filter((object) => object.apiVersion === CNPG && ['Cluster', 'Pooler'].includes(object.kind))
    .map((object) => {
      const { spec } = object as WithLabels;
      return (object.kind === 'Cluster' ? spec?.inheritedMetadata?.labels : spec?.template?.metadata?.labels) ?? {};
    });
}
