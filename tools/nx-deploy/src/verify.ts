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

const policyFlags = (policy: VerifyPolicy) =>
  'key' in policy
    ? ['--key', policy.key]
    : ['--certificate-identity', policy.identity, '--certificate-oidc-issuer', policy.issuer];

/**
 * `cosign verify` of an image reference, then `cosign verify-attestation` of the digest that verify printed
 * (`ref@<digest>`, given by the caller), so both check the same image: the one the release is then pinned to.
 */
export function verifyArgs(ref: string, policy: VerifyPolicy): { title: string; args: string[] } {
  return { title: `Verifying the signature of ${ref}`, args: ['verify', ...policyFlags(policy), ref] };
}

export function verifyAttestationArgs(ref: string, policy: VerifyPolicy): { title: string; args: string[] } {
  return {
    title: `Verifying the SBOM attestation of ${ref}`,
    args: ['verify-attestation', '--type', 'cyclonedx', ...policyFlags(policy), ref],
  };
}

/** The image digest `cosign verify` checked: in every signature payload it prints, the same one. */
export function verifiedDigest(stdout: string): string {
  let digests: unknown[] = [];
  try {
    const payloads = JSON.parse(stdout) as { critical?: { image?: Record<string, unknown> } }[];
    digests = payloads.map((p) => p.critical?.image?.['docker-manifest-digest']);
  } catch {
    // not cosign's JSON: no digest below
  }
  const unique = [...new Set(digests)];
  if (unique.length > 1) throw new Error(`cosign verified different digests: ${unique.join(', ')}`);
  const [digest] = unique;
  if (typeof digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(digest))
    throw new Error('cosign verify printed no digest of the image');
  return digest;
}
