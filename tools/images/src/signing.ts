// What `nx sign <project>` runs: cosign with a key pair (COSIGN_KEY) or keyless (an OIDC identity token), signing the
// pushed image by digest and attaching the CycloneDX SBOM of trivy-scan as an attestation.
import { join, resolve } from 'node:path';
import type { Component } from './build.js';

const root = resolve(import.meta.dirname, '../../..');
export const COSIGN_INSTALL = 'https://docs.sigstore.dev/cosign/system_config/installation/';

/** A key (a file or a KMS URI; COSIGN_PASSWORD unlocks a file), or keyless through Fulcio with an OIDC token. */
export type SigningIdentity = { key: string } | { keyless: true };

/** One line that says what to set, when no identity is available. */
export class SigningError extends Error {}

/**
 * COSIGN_KEY, else keyless when an identity token is at hand: SIGSTORE_ID_TOKEN (cosign reads it) or the OIDC token
 * request of GitHub Actions (`permissions: id-token: write`), which cosign fetches itself.
 */
export function signingIdentity(env: NodeJS.ProcessEnv): SigningIdentity {
  if (env.COSIGN_KEY) return { key: env.COSIGN_KEY };
  if (env.SIGSTORE_ID_TOKEN || env.ACTIONS_ID_TOKEN_REQUEST_URL) return { keyless: true };
  throw new SigningError(
    'no signing identity: set COSIGN_KEY to a key from `cosign generate-key-pair` (COSIGN_PASSWORD unlocks it), or sign keyless in CI with an OIDC token (SIGSTORE_ID_TOKEN, or GitHub Actions with id-token: write)',
  );
}

export const sbomPath = (project: Component) => join(root, 'apps', project, 'dist', 'trivy', 'sbom.cdx.json');

/** The cosign calls for an image reference by digest (`<registry>/todo-<project>@sha256:…`). */
export function signArgs(image: string, sbom: string, identity: SigningIdentity): string[][] {
  const key = 'key' in identity ? ['--key', identity.key] : [];
  return [
    ['sign', '--yes', ...key, image],
    ['attest', '--yes', ...key, '--type', 'cyclonedx', '--predicate', sbom, image],
  ];
}

/** The digest reference of `name` among `docker image inspect`'s RepoDigests (one per line), once pushed. */
export function pushedDigest(repoDigests: string, name: string): string | undefined {
  return repoDigests
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith(`${name}@sha256:`));
}
