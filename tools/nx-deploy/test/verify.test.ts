import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { verifyArgs, verifyPolicy } from '../src/verify.js';

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

// The real cosign, where installed: every flag the verification uses is one it knows.
const hasCosign = spawnSync('cosign', ['version'], { stdio: 'ignore' }).status === 0;
describe.skipIf(!hasCosign)(`the real cosign${hasCosign ? '' : ' (skipped: cosign is not installed)'}`, () => {
  it('accepts the flags of verify and verify-attestation', () => {
    for (const policy of [{ key: 'k' }, { identity: 'i', issuer: 'o' }])
      for (const { args } of verifyArgs('r:t', policy)) {
        const help = spawnSync('cosign', [args[0], '--help'], { encoding: 'utf8' }).stdout;
        for (const flag of args.filter((arg) => arg.startsWith('--'))) expect(help).toContain(flag);
      }
  });
});
