// CloudNativePG for the cluster (database.mode: cloudnative-pg): the pinned operator, how to tell it is installed,
// and the steps that install it. helm-ts-lint validates the chart's custom resources against this version's CRDs
// (tools/helm-ts-lint/crds/cloudnative-pg): update both together.
import type { Step } from '@todo/cli/steps';

export const CNPG = {
  version: '1.30.0',
  namespace: 'cnpg-system',
  deployment: 'cnpg-controller-manager',
  /** The CRDs the chart's resources need: the preflight checks for them. */
  crds: ['clusters.postgresql.cnpg.io', 'poolers.postgresql.cnpg.io', 'scheduledbackups.postgresql.cnpg.io'],
};

/** The operator's release manifest (CRDs, RBAC, webhooks, the controller Deployment in cnpg-system). */
export const CNPG_MANIFEST = `https://github.com/cloudnative-pg/cloudnative-pg/releases/download/v${CNPG.version}/cnpg-${CNPG.version}.yaml`;

/** Applies the manifest (server-side: its CRDs are too large for a client-side apply's annotation), then waits. */
export function cnpgSteps(kubectl: string, context: string): Step[] {
  const k = [kubectl, '--context', context];
  return [
    {
      title: `Installing the CloudNativePG operator ${CNPG.version}`,
      argv: [...k, 'apply', '--server-side', '--force-conflicts', '-f', CNPG_MANIFEST],
    },
    {
      title: 'Waiting for the operator to be ready',
      argv: [...k, '-n', CNPG.namespace, 'rollout', 'status', `deployment/${CNPG.deployment}`, '--timeout=300s'],
    },
  ];
}
