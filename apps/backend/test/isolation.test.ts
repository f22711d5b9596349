// The isolation matrix: every task route and verb and the audit trail, against Alice's path and task, with every credential that is not
// Alice's: Bob's JWT, Bob's session token and cookie, a JWT forged with another key, Alice's JWT tampered with, Alice's
// JWT once expired, a tampered session cookie, and none. Never Alice's data in an answer, and her rows in the
// database exactly as they were.
import { generateKeyPair, SignJWT, decodeJwt } from 'jose';
import type { InjectOptions } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

let t: TestApp;
let alice: TestUser;
let bob: TestUser;
let task: number;
let before: unknown[];
let forged: string;
const cookie: Record<string, { name: string; value: string }> = {};

const SECRET_TITLE = 'Alice only: the matrix must never see this';

/** Her tasks and her audit trail: a refused request changes neither. */
async function aliceRows(): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT * FROM tasks WHERE user_id = $1 ORDER BY id', [alice.id]);
    const { rows: events } = await client.query('SELECT * FROM audit_events WHERE user_id = $1 ORDER BY id', [
      alice.id,
    ]);
    return [...rows, ...events];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  t = await createTestApp();
  alice = await signUp(t.app, 'alice');
  bob = await signUp(t.app, 'bob');
  const created = await t.app.inject({
    method: 'POST',
    url: `/api/${alice.id}/tasks`,
    headers: { authorization: `Bearer ${alice.jwt}` },
    payload: { title: SECRET_TITLE, tags: ['private'] },
  });
  task = created.json().id;
  // The browser's credential: the signed session cookie a sign-in sets.
  for (const [who, user] of [
    ['alice', alice],
    ['bob', bob],
  ] as const) {
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: user.email, password: 'correct horse battery' },
    });
    cookie[who] = signIn.cookies.find((c) => c.name.endsWith('session_token'))!;
  }
  before = await aliceRows();
  // Alice's claims, signed with a key the server never published.
  const claims = decodeJwt(alice.jwt);
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const { kid } = JSON.parse(Buffer.from(alice.jwt.split('.')[0], 'base64url').toString()) as { kid?: string };
  forged = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid }).sign(privateKey);
});
afterAll(() => t.close());

const tamper = (jwt: string) => {
  const [header, payload, signature] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  return [
    header,
    Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400 })).toString('base64url'),
    signature,
  ].join('.');
};
// Changes the session token itself (its first character), not the signature's base64 padding, which decoding
// may ignore.
const flip = (value: string) => (value[0] === 'a' ? 'b' : 'a') + value.slice(1);

type Credential = {
  name: string;
  expect: number;
  headers?: () => Record<string, string>;
  cookies?: () => Record<string, string>;
  later?: boolean;
};
const credentials: Credential[] = [
  { name: "Bob's JWT", expect: 403, headers: () => ({ authorization: `Bearer ${bob.jwt}` }) },
  { name: "Bob's session token", expect: 403, headers: () => ({ authorization: `Bearer ${bob.sessionToken}` }) },
  { name: "Bob's session cookie", expect: 403, cookies: () => ({ [cookie.bob.name]: cookie.bob.value }) },
  { name: 'a JWT forged with another key', expect: 401, headers: () => ({ authorization: `Bearer ${forged}` }) },
  {
    name: "Alice's JWT with its expiry changed",
    expect: 401,
    headers: () => ({ authorization: `Bearer ${tamper(alice.jwt)}` }),
  },
  { name: "Alice's JWT, expired", expect: 401, headers: () => ({ authorization: `Bearer ${alice.jwt}` }), later: true },
  {
    name: "Alice's session cookie, tampered",
    expect: 401,
    cookies: () => ({ [cookie.alice.name]: flip(cookie.alice.value) }),
  },
  { name: 'no credential', expect: 401 },
];

const routes = () =>
  [
    ['GET', `/api/${alice.id}/tasks`, undefined],
    ['POST', `/api/${alice.id}/tasks`, { title: 'planted' }],
    ['GET', `/api/${alice.id}/tasks/${task}`, undefined],
    ['PUT', `/api/${alice.id}/tasks/${task}`, { title: 'overwritten', completed: true }],
    ['PATCH', `/api/${alice.id}/tasks/${task}/complete`, undefined],
    ['DELETE', `/api/${alice.id}/tasks/${task}`, undefined],
    ['GET', `/api/${alice.id}/audit`, undefined],
    // Bob's own path with Alice's task id: not found, for Bob's credentials too.
    ['GET', `/api/${bob.id}/tasks/${task}`, undefined],
    ['PUT', `/api/${bob.id}/tasks/${task}`, { title: 'overwritten' }],
    ['PATCH', `/api/${bob.id}/tasks/${task}/complete`, undefined],
    ['DELETE', `/api/${bob.id}/tasks/${task}`, undefined],
  ] as const;

describe('isolation matrix', () => {
  it.each(credentials.map((c) => [c.name, c] as const))(
    "%s: no route gives or changes Alice's data",
    async (_, credential) => {
      if (credential.later) vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2 * 86_400_000 });
      try {
        for (const [method, url, payload] of routes()) {
          const request: InjectOptions = {
            method,
            url,
            // A browser sends the cookie with the app's origin (so CSRF protection does not answer first).
            headers: { origin: new URL(t.config.auth.url).origin, ...credential.headers?.() },
            cookies: credential.cookies?.(),
            ...(payload ? { payload } : {}),
          };
          const response = await t.app.inject(request);
          const ownPath = url.startsWith(`/api/${bob.id}/`);
          const bobs = credential.expect === 403;
          const expected = ownPath && bobs ? 404 : credential.expect;
          expect(response.statusCode, `${credential.name}: ${method} ${url}`).toBe(expected);
          expect(response.body).not.toContain(SECRET_TITLE);
          expect(response.body).not.toContain('private');
          expect(response.body).not.toContain(`"target_id":"${task}"`);
        }
      } finally {
        vi.useRealTimers();
      }
    },
  );

  it("left every row of Alice's exactly as it was", async () => {
    expect(await aliceRows()).toEqual(before);
  });
});
