import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JwtVerifier } from './jwt-verifier.js';

const issuer = 'http://127.0.0.1:3001';
const alice = { userId: 'alice', sessionId: 'session-1' };

async function keysAndSigner() {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA' };
  const sign = (subject: string, expiresAt: Date) =>
    new SignJWT({ sid: 'session-1' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .setSubject(subject)
      .setIssuer(issuer)
      .setAudience(issuer)
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(privateKey);
  return { loadKeys: async () => ({ keys: [jwk] }), sign };
}

describe('JwtVerifier', () => {
  afterEach(() => vi.useRealTimers());

  it('remembers a verified token until its expiry, then refuses it', async () => {
    const { loadKeys, sign } = await keysAndSigner();
    const verifier = new JwtVerifier(loadKeys, { issuer, audience: issuer });
    const expiresAt = new Date(Date.now() + 60_000);
    const token = await sign('alice', expiresAt);

    expect(await verifier.verify(token)).toEqual(alice);
    expect(await verifier.verify(token)).toEqual(alice);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(expiresAt.getTime() + 1_000);
    expect(await verifier.verify(token)).toBeNull();
  });

  it('never answers from memory for a token that differs from a verified one', async () => {
    const { loadKeys, sign } = await keysAndSigner();
    const verifier = new JwtVerifier(loadKeys, { issuer, audience: issuer });
    const token = await sign('alice', new Date(Date.now() + 60_000));
    expect(await verifier.verify(token)).toEqual(alice);

    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'bob' }),
    );
    expect(await verifier.verify(`${header}.${forged.toString('base64url')}.${signature}`)).toBeNull();
    // A character well inside the signature (the last one carries padding bits a decoder may ignore), always changed.
    const at = token.length - 10;
    const changed = token[at] === 'A' ? 'B' : 'A';
    expect(await verifier.verify(`${token.slice(0, at)}${changed}${token.slice(at + 1)}`)).toBeNull();
  });

  it('refuses a token that names no session', async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA' };
    const verifier = new JwtVerifier(async () => ({ keys: [jwk] }), { issuer, audience: issuer });
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .setSubject('alice')
      .setIssuer(issuer)
      .setAudience(issuer)
      .setExpirationTime('1m')
      .sign(privateKey);
    expect(await verifier.verify(token)).toBeNull();
  });
});
