// The per-account lockout through the real app: wrong passwords for one email from many addresses lock that email
// (even the right password is refused until it ends), and no other account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

let t: TestApp;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  t = await createTestApp({ AUTH_LOCKOUT_THRESHOLD: '5', AUTH_RATE_LIMIT_MAX: '3', TRUST_PROXY: 'loopback' });
  [alice, bob] = [await signUp(t.app, 'alice'), await signUp(t.app, 'bob')];
});
afterAll(() => t.close());

let address = 0;
const signIn = (email: string, password: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    // A new client address each time: the per-IP limit (3) never applies, the per-account one must.
    headers: { 'x-forwarded-for': `198.51.100.${++address}` },
    payload: { email, password },
  });

describe('per-account lockout', () => {
  it('locks an email after five wrong passwords from five addresses, whatever its case', async () => {
    for (let i = 0; i < 5; i++)
      expect((await signIn(i % 2 ? alice.email.toUpperCase() : alice.email, 'wrong password!')).statusCode).toBe(401);
    const locked = await signIn(alice.email, 'correct horse battery');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(50);
    expect((await signIn(bob.email, 'correct horse battery')).statusCode).toBe(200);
  });

  it('locks an email that has no account the same way (no account enumeration)', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('nobody@example.test', 'wrong password!')).statusCode).toBe(401);
    expect((await signIn('nobody@example.test', 'wrong password!')).statusCode).toBe(429);
  });

  it('forgets the failures once the right password gets through', async () => {
    const carol = await signUp(t.app, 'carol');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) expect((await signIn(carol.email, 'wrong password!')).statusCode).toBe(401);
      expect((await signIn(carol.email, 'correct horse battery')).statusCode).toBe(200);
    }
  });
});
