import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { verifiedDigest, verifyArgs, verifyAttestationArgs, verifyPolicy } from '../src/verify.js';

describe('image verification policy', () => {
  it('takes the options first, then the COSIGN_* variables; a key wins over keyless', () => {
    expect(verifyPolicy({ cosignPublicKey: 'a.pub' }, { COSIGN_PUBLIC_KEY: 'b.pub' })).toEqual({ key: 'a.pub' });
    expect(verifyPolicy({}, { COSIGN_PUBLIC_KEY: 'k8s://todo/cosign' })).toEqual({ key: 'k8s://todo/cosign' });
    expect(
      verifyPolicy({ certificateIdentity: 'me@example.com' }, { COSIGN_CERTIFICATE_OIDC_ISSUER: 'https://issuer' }),
    ).toEqual({ identity: 'me@example.com', issuer: 'https://issuer' });
    expect(() => verifyPolicy({ certificateIdentity: 'me@example.com' }, {})).toThrow(
      /^no image verification policy: set COSIGN_PUBLIC_KEY/,
    );
  });
});

describe('the digest cosign verified', () => {
  const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
  const payload = (d: string) => ({
    critical: { identity: { 'docker-reference': 'r' }, image: { 'docker-manifest-digest': d }, type: 'x' },
    optional: null,
  });

  it.each([1, 2, 5])('is read from %i signature payloads on the same image', (count) => {
    const out = JSON.stringify(Array.from({ length: count }, () => payload(digest(7))));
    expect(verifiedDigest(out)).toBe(digest(7));
  });

  it('refuses payloads naming different images, none, or no digest', () => {
    expect(() => verifiedDigest(JSON.stringify([payload(digest(1)), payload(digest(2))]))).toThrow(/different digests/);
    for (const out of ['[]', 'not json', JSON.stringify([payload('sha256:short')]), JSON.stringify([{ critical: {} }])])
      expect(() => verifiedDigest(out), out).toThrow(/no digest/);
  });
});

// The real cosign, where installed: every flag the verification uses is one it knows.
const hasCosign = spawnSync('cosign', ['version'], { stdio: 'ignore' }).status === 0;
describe.skipIf(!hasCosign)(`the real cosign${hasCosign ? '' : ' (skipped: cosign is not installed)'}`, () => {
  it('accepts the flags of verify and verify-attestation', () => {
    for (const policy of [{ key: 'k' }, { identity: 'i', issuer: 'o' }])
      for (const { args } of [verifyArgs('r:t', policy), verifyAttestationArgs('r@sha256:0', policy)]) {
        const help = spawnSync('cosign', [args[0], '--help'], { encoding: 'utf8' }).stdout;
        for (const flag of args.filter((arg) => arg.startsWith('--'))) expect(help).toContain(flag);
      }
  });
});
