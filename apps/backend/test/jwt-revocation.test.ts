// A Bearer JWT is bound to the session it was issued for: once that session ends (sign-out, revocation, a password
// change elsewhere), the JWT is refused, on the replica that ended it at once and on the others within the check
// interval, although it has not expired. The session's own token and cookie, whose callers are remembered for the
// same interval, are refused the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

const PASSWORD = 'correct horse battery';
let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  a = await createTestApp({ AUTH_JWT_SESSION_CHECK_SECONDS: '1' });
  b = await createTestApp({ AUTH_JWT_SESSION_CHECK_SECONDS: '1' }, { replicaOf: a });
});
afterAll(async () => {
  await b.close();
  await a.close();
});

const origin = () => new URL(a.config.auth.url).origin;
const tasks = (t: TestApp, user: TestUser, jwt: string) =>
  t.app.inject({ url: `/api/${user.id}/tasks`, headers: { authorization: `Bearer ${jwt}` } });
const withCookie = (t: TestApp, user: TestUser, cookie: string) =>
  t.app.inject({ url: `/api/${user.id}/tasks`, headers: { cookie } });
const authPost = (t: TestApp, path: string, token: string, payload: object = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/api/auth${path}`,
    headers: { authorization: `Bearer ${token}`, origin: origin() },
    payload,
  });

/** A second session of `user`, and a JWT for it. */
async function session(user: TestUser, password = PASSWORD) {
  const signIn = await a.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    payload: { email: user.email, password },
  });
  const token = signIn.json().token as string;
  const jwt = (await a.app.inject({ url: '/api/auth/token', headers: { authorization: `Bearer ${token}` } })).json()
    .token as string;
  const cookie = signIn.cookies.map(({ name, value }) => `${name}=${value}`).join('; ');
  return { token, jwt, cookie };
}

const ends: [string, (user: TestUser, s: { token: string }) => Promise<unknown>][] = [
  ['sign-out', (_user, s) => authPost(a, '/sign-out', s.token)],
  [
    'revoke-session from another session',
    (user, s) => authPost(a, '/revoke-session', user.sessionToken, { token: s.token }),
  ],
  ['revoke-sessions', (_user, s) => authPost(a, '/revoke-sessions', s.token)],
  [
    'a password change in another session',
    (user) =>
      authPost(a, '/change-password', user.sessionToken, {
        currentPassword: PASSWORD,
        newPassword: 'another horse battery 7',
      }),
  ],
];

describe('JWTs bound to their session', () => {
  it.each(ends)('%s: the JWT is refused at once here and within the check interval on a replica', async (_, end) => {
    const user = await signUp(a.app, 'jwt');
    const s = await session(user);
    expect((await tasks(a, user, s.jwt)).statusCode).toBe(200);
    expect((await tasks(b, user, s.jwt)).statusCode).toBe(200);
    await end(user, s);
    expect((await tasks(a, user, s.jwt)).statusCode).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await tasks(b, user, s.jwt)).statusCode).toBe(401);
  });

  it("leaves the user's other sessions' JWTs alone on a sign-out", async () => {
    const user = await signUp(a.app, 'jwt');
    const [one, two] = [await session(user), await session(user)];
    await authPost(a, '/sign-out', one.token);
    expect((await tasks(a, user, two.jwt)).statusCode).toBe(200);
  });
});

describe('session tokens and cookies, their callers remembered for the check interval', () => {
  it.each(ends)('%s: both are refused at once here and within the check interval on a replica', async (_, end) => {
    const user = await signUp(a.app, 'session');
    const s = await session(user);
    for (const t of [a, b]) {
      expect((await tasks(t, user, s.token)).statusCode).toBe(200);
      expect((await withCookie(t, user, s.cookie)).statusCode).toBe(200);
    }
    await end(user, s);
    expect((await tasks(a, user, s.token)).statusCode).toBe(401);
    expect((await withCookie(a, user, s.cookie)).statusCode).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await tasks(b, user, s.token)).statusCode).toBe(401);
    expect((await withCookie(b, user, s.cookie)).statusCode).toBe(401);
  });

  it('remembers nothing a credential did not identify: a changed byte is looked up, and refused', async () => {
    const user = await signUp(a.app, 'session');
    const s = await session(user);
    expect((await tasks(a, user, s.token)).statusCode).toBe(200);
    expect((await tasks(a, user, `${s.token.slice(0, -1)}${s.token.endsWith('A') ? 'B' : 'A'}`)).statusCode).toBe(401);
    const [name, value] = s.cookie.split('=');
    expect(
      (await withCookie(a, user, `${name}=${value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}`)).statusCode,
    ).toBe(401);
  });
});
