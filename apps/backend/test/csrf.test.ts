// Changes made with the session cookie must come from the app's own origin; Bearer clients are not affected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

let t: TestApp;
let user: TestUser;
let session: { name: string; value: string };
let appOrigin: string;

beforeAll(async () => {
  t = await createTestApp();
  user = await signUp(t.app, 'csrf');
  appOrigin = new URL(t.config.auth.url).origin;
  const signIn = await t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    payload: { email: user.email, password: 'correct horse battery' },
  });
  session = signIn.cookies.find((c) => c.name.endsWith('session_token'))!;
});
afterAll(() => t.close());

const create = (headers: Record<string, string>, withCookie = true) =>
  t.app.inject({
    method: 'POST',
    url: `/api/${user.id}/tasks`,
    headers,
    cookies: withCookie ? { [session.name]: session.value } : {},
    payload: { title: 'from a page' },
  });

describe('cross-site request forgery', () => {
  it("accepts a cookie-authenticated change from the app's origin", async () => {
    expect((await create({ origin: appOrigin })).statusCode).toBe(201);
  });

  it('refuses one from another origin, or with no origin', async () => {
    for (const headers of [{ origin: 'https://evil.example' }, { origin: 'null' }, {}] as Record<string, string>[]) {
      const response = await create(headers);
      expect(response.statusCode).toBe(403);
      expect(response.json().error).toEqual({ code: 'FORBIDDEN', message: 'Cross-site request refused' });
    }
  });

  it('lets reads through, and Bearer clients from anywhere', async () => {
    const read = await t.app.inject({
      url: `/api/${user.id}/tasks`,
      headers: { origin: 'https://evil.example' },
      cookies: { [session.name]: session.value },
    });
    expect(read.statusCode).toBe(200);
    expect(
      (await create({ authorization: `Bearer ${user.jwt}`, origin: 'https://evil.example' }, false)).statusCode,
    ).toBe(201);
  });

  it('decides by the credential that identified the caller: any other Authorization header beside the cookie changes nothing', async () => {
    const schemes = ['Basic', 'Bearer', 'bearer', 'Digest', 'Token', 'Negotiate', 'X'];
    const values = ['x', 'YTpi', 'not-a-token', 'a.b.c', user.sessionToken.slice(0, -1), ''];
    const headers = schemes.flatMap((scheme) => values.map((value) => `${scheme} ${value}`.trim()));
    for (const authorization of headers) {
      const response = await create({ authorization, origin: 'https://evil.example' });
      expect([401, 403], authorization).toContain(response.statusCode);
      if (response.statusCode === 403) expect(response.json().error.message).toBe('Cross-site request refused');
    }
    const { rows } = await t.app
      .inject({ url: `/api/${user.id}/tasks?limit=100`, headers: { authorization: `Bearer ${user.jwt}` } })
      .then((r) => ({ rows: r.json().items as unknown[] }));
    expect(rows.length, 'no task was created across sites').toBeLessThanOrEqual(2);
  });

  it('lets a Bearer session token through from anywhere, without the cookie', async () => {
    const response = await create(
      { authorization: `Bearer ${user.sessionToken}`, origin: 'https://evil.example' },
      false,
    );
    expect(response.statusCode).toBe(201);
  });
});
