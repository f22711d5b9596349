// Before a non-local release changes, each image it will run is checked with cosign: its signature and its CycloneDX
// SBOM attestation (both made by `nx sign <project>`), against a public key or a keyless identity and issuer.
import { UsageError } from './options.js';

/** A public key (file, KMS URI, k8s://ns/secret), or the certificate identity and OIDC issuer of keyless signing. */
export type VerifyPolicy = { key: string } | { identity: string; issuer: string };

export interface VerifyOptions {
  cosignPublicKey?: string;
  certificateIdentity?: string;
  certificateOidcIssuer?: string;
}

/** From the options, else COSIGN_PUBLIC_KEY, or COSIGN_CERTIFICATE_IDENTITY with COSIGN_CERTIFICATE_OIDC_ISSUER. */
export function verifyPolicy(options: VerifyOptions, env: NodeJS.ProcessEnv): VerifyPolicy {
  const key = options.cosignPublicKey || env.COSIGN_PUBLIC_KEY;
  if (key) return { key };
  const identity = options.certificateIdentity || env.COSIGN_CERTIFICATE_IDENTITY;
  const issuer = options.certificateOidcIssuer || env.COSIGN_CERTIFICATE_OIDC_ISSUER;
  if (identity && issuer) return { identity, issuer };
  throw new UsageError(
    'no image verification policy: set COSIGN_PUBLIC_KEY (--cosign-public-key), or COSIGN_CERTIFICATE_IDENTITY and COSIGN_CERTIFICATE_OIDC_ISSUER for keyless signatures',
  );
}

/** `cosign verify` and `cosign verify-attestation` arguments for one image reference. */
export function verifyArgs(ref: string, policy: VerifyPolicy): { title: string; args: string[] }[] {
  const flags =
    'key' in policy
      ? ['--key', policy.key]
      : ['--certificate-identity', policy.identity, '--certificate-oidc-issuer', policy.issuer];
  return [
    { title: `Verifying the signature of ${ref}`, args: ['verify', ...flags, ref] },
    {
      title: `Verifying the SBOM attestation of ${ref}`,
      args: ['verify-attestation', '--type', 'cyclonedx', ...flags, ref],
    },
  ];
}
