import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

let t: TestApp;
let alice: TestUser;
let bob: TestUser;
let aliceTask: number;

beforeAll(async () => {
  t = await createTestApp();
  alice = await signUp(t.app, 'alice');
  bob = await signUp(t.app, 'bob');
  aliceTask = (await as(t.app, alice)('POST', `/api/${alice.id}/tasks`, { title: 'Alice only' })).json().id;
});
afterAll(() => t.close());

const routes = (user: string, id: number) =>
  [
    ['GET', `/api/${user}/tasks`, undefined],
    ['POST', `/api/${user}/tasks`, { title: 'x' }],
    ['GET', `/api/${user}/tasks/${id}`, undefined],
    ['PUT', `/api/${user}/tasks/${id}`, { title: 'x' }],
    ['PATCH', `/api/${user}/tasks/${id}/complete`, undefined],
    ['DELETE', `/api/${user}/tasks/${id}`, undefined],
  ] as const;

describe('authentication', () => {
  it.each(routes('someone', 1))('%s %s without credentials answers 401', async (method, url, payload) => {
    const response = await t.app.inject({ method, url, ...(payload ? { payload } : {}) });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Authentication required' } });
  });

  it('answers 401 before looking at bad input', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/x/tasks', payload: { nonsense: true } });
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['a malformed token', 'Bearer not-a-token'],
    ['a forged JWT', 'Bearer eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
    ['another scheme', 'Basic YTpi'],
  ])('rejects %s with 401', async (_, authorization) => {
    const response = await t.app.inject({ url: `/api/${alice.id}/tasks`, headers: { authorization } });
    expect(response.statusCode).toBe(401);
  });

  it('rejects a JWT whose signature was altered', async () => {
    const [header, payload, signature] = alice.jwt.split('.');
    // The last character carries padding bits a decoder may ignore: change one well inside, always to another.
    const at = signature.length - 10;
    const altered = `${signature.slice(0, at)}${signature[at] === 'A' ? 'B' : 'A'}${signature.slice(at + 1)}`;
    const tampered = `${header}.${payload}.${altered}`;
    const response = await t.app.inject({
      url: `/api/${alice.id}/tasks`,
      headers: { authorization: `Bearer ${tampered}` },
    });
    expect(response.statusCode).toBe(401);
  });

  it('accepts a JWT, a Bearer session token and the session cookie', async () => {
    expect((await as(t.app, alice, 'jwt')('GET', `/api/${alice.id}/tasks`)).statusCode).toBe(200);
    expect((await as(t.app, alice, 'session')('GET', `/api/${alice.id}/tasks`)).statusCode).toBe(200);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: alice.email, password: 'correct horse battery' },
    });
    expect(signIn.statusCode).toBe(200);
    const cookie = signIn.cookies.find((c) => c.name.endsWith('session_token'));
    expect(cookie?.httpOnly).toBe(true);
    const viaCookie = await t.app.inject({ url: `/api/${alice.id}/tasks`, cookies: { [cookie!.name]: cookie!.value } });
    expect(viaCookie.statusCode).toBe(200);
  });

  it('signs out: the session token stops working', async () => {
    const carol = await signUp(t.app, 'carol');
    const signOut = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { authorization: `Bearer ${carol.sessionToken}`, origin: t.config.auth.url },
    });
    expect(signOut.statusCode).toBe(200);
    expect((await as(t.app, carol, 'session')('GET', `/api/${carol.id}/tasks`)).statusCode).toBe(401);
  });

  it('rejects a wrong password and a duplicate sign-up', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: alice.email, password: 'wrong password!' },
    });
    expect(wrong.statusCode).toBe(401);
    const duplicate = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { email: alice.email, password: 'another password', name: 'Alice' },
    });
    expect(duplicate.statusCode).toBeGreaterThanOrEqual(400);
    expect(duplicate.statusCode).toBeLessThan(500);
  });

  it('stores passwords hashed, never as sent', async () => {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ password: string }>('SELECT password FROM account WHERE user_id = $1', [
      alice.id,
    ]);
    await client.end();
    expect(rows).toHaveLength(1);
    expect(rows[0].password).not.toContain('correct horse battery');
    expect(rows[0].password.length).toBeGreaterThan(40);
  });
});

describe('user isolation', () => {
  it.each(routes('ALICE', 0))("%s %s of another user's path answers 403", async (method, url, payload) => {
    const response = await as(t.app, bob)(
      method,
      url.replace('ALICE', alice.id).replace('/0', `/${aliceTask}`),
      payload,
    );
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('FORBIDDEN');
  });

  it.each(routes('BOB', 0).slice(2))(
    "%s %s of another user's task under one's own path answers 404",
    async (method, url, payload) => {
      const response = await as(t.app, bob)(method, url.replace('/0', `/${aliceTask}`).replace('BOB', bob.id), payload);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('Alice only');
    },
  );

  it("never lists another user's tasks, and leaves them untouched", async () => {
    const bobs = (await as(t.app, bob)('GET', `/api/${bob.id}/tasks?limit=100`)).json();
    expect(bobs.items.map((task: { title: string }) => task.title)).not.toContain('Alice only');
    const still = await as(t.app, alice)('GET', `/api/${alice.id}/tasks/${aliceTask}`);
    expect(still.statusCode).toBe(200);
    expect(still.json()).toMatchObject({ title: 'Alice only', completed: false });
  });
});

describe('session cookies', () => {
  it('are HttpOnly, SameSite=Lax, Secure and __Secure- prefixed when the app is served over HTTPS', async () => {
    const https = await createTestApp({ BETTER_AUTH_URL: 'https://todo.local' });
    try {
      const response = await https.app.inject({
        method: 'POST',
        url: '/api/auth/sign-up/email',
        headers: { origin: 'https://todo.local' },
        payload: { email: 'cookie@example.test', password: 'correct horse battery', name: 'cookie' },
      });
      expect(response.statusCode).toBe(200);
      const session = response.cookies.find((c) => c.name.endsWith('session_token'));
      expect(session).toMatchObject({ name: '__Secure-better-auth.session_token', httpOnly: true, secure: true });
      expect(session?.sameSite?.toLowerCase()).toBe('lax');
      const { user } = response.json() as { user: { id: string } };
      const tasks = await https.app.inject({
        url: `/api/${user.id}/tasks`,
        cookies: { [session!.name]: session!.value },
      });
      expect(tasks.statusCode).toBe(200);
    } finally {
      await https.close();
    }
  });
});

describe('rate limiting', () => {
  it('limits sign-in attempts per client', async () => {
    const limited = await createTestApp({ AUTH_RATE_LIMIT_MAX: '3' });
    try {
      const attempt = () =>
        limited.app.inject({
          method: 'POST',
          url: '/api/auth/sign-in/email',
          payload: { email: 'x@example.test', password: 'nope-nope' },
        });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await attempt()).statusCode);
      expect(statuses).toEqual([401, 401, 401]);
      const blocked = await attempt();
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe('RATE_LIMITED');
      expect(blocked.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
  });
});
