import { gunzipSync } from 'node:zlib';
import type { V1Secret } from '@kubernetes/client-node';

/** The fields of a Helm release record the ops tools use. */
export interface HelmRelease {
  name: string;
  namespace: string;
  revision: number;
  status: string;
  description: string;
  lastDeployed?: string;
  chartVersion?: string;
  appVersion?: string;
  /** The user-supplied values of this revision. */
  config: Record<string, unknown>;
}

/**
 * Decodes a Helm 3/4 release Secret (type helm.sh/release.v1): its `release` key is base64 (the Secret's own
 * encoding) of base64 of gzipped JSON.
 */
export function decodeHelmRelease(secret: V1Secret): HelmRelease {
  const encoded = secret.data?.release;
  if (!encoded) throw new Error(`secret ${secret.metadata?.name} has no release key`);
  const inner = Buffer.from(Buffer.from(encoded, 'base64').toString('utf8'), 'base64');
  const json = JSON.parse((inner[0] === 0x1f && inner[1] === 0x8b ? gunzipSync(inner) : inner).toString('utf8'));
  return {
    name: json.name,
    namespace: json.namespace,
    revision: json.version,
    status: json.info?.status ?? 'unknown',
    description: json.info?.description ?? '',
    lastDeployed: json.info?.last_deployed,
    chartVersion: json.chart?.metadata?.version,
    appVersion: json.chart?.metadata?.appVersion,
    config: json.config ?? {},
  };
}

/** Newest revision first. */
export const byRevisionDesc = (a: HelmRelease, b: HelmRelease) => b.revision - a.revision;
