// Hostile input, generated: thousands of malformed requests to every route (wrong types, huge and odd strings,
// injection strings, bad JSON, wrong content types, path traversal in ids). Every answer must be a JSON error or a
// valid success, never a 5xx, and the database must still hold what it held.
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

let t: TestApp;
let user: TestUser;
let other: TestUser;
let taskId: number;
let cases = 0;

beforeAll(async () => {
  t = await createTestApp();
  user = await signUp(t.app, 'fuzz');
  other = await signUp(t.app, 'fuzz-other');
  const created = await t.app.inject({
    method: 'POST',
    url: `/api/${user.id}/tasks`,
    headers: { authorization: `Bearer ${user.jwt}` },
    payload: { title: 'survives the fuzzing', tags: ['keep'] },
  });
  taskId = created.json().id;
});
afterAll(async () => {
  console.log(`fuzz: ${cases} malformed requests, no 5xx`);
  await t.close();
});

const NASTY = [
  "' OR 1=1 --",
  "'; DROP TABLE tasks; --",
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  '\u0000',
  '\uD800', // a lone surrogate
  '😀'.repeat(300),
  'A'.repeat(100_000),
  '{{7*7}}',
  '${jndi:ldap://x}',
  '-1',
  '1e309',
  'NaN',
  '9'.repeat(40),
  'null',
  '__proto__',
  'constructor',
];

const hostileString = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
);
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileString);
const taskLike = fc.record(
  {
    title: anyJson,
    description: anyJson,
    priority: anyJson,
    tags: fc.oneof(fc.array(anyJson, { maxLength: 30 }), anyJson),
    due_date: anyJson,
    completed: anyJson,
    __proto__: anyJson,
    extra: anyJson,
  },
  { requiredKeys: [] },
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  undefined,
);
const rawBody = fc.oneof(
  taskLike.map((body) => JSON.stringify(body)),
  anyJson.map((value) => JSON.stringify(value)),
  fc.constantFrom('{', '{"title":', '[1,2', 'title=x&tags=y', '<task/>', '', 'null', '"just a string"'),
  hostileString,
);
/** Percent-encoded, lone surrogates included (as U+FFFD, which is what a browser would send). */
const encode = (text: string) => encodeURIComponent(text.replace(/\p{Cs}/gu, '\uFFFD'));
const id = fc.oneof(
  fc.constant(null).map(() => String(taskId)), // read when it runs: the task exists by then
  hostileString.map(encode),
  fc.integer().map(String),
  fc.double().map(String),
);
const credential = fc.constantFrom('jwt', 'session', 'other-user', 'none', 'garbage');

function headersFor(kind: string, type: string | undefined): Record<string, string> {
  const token = { jwt: user.jwt, session: user.sessionToken, 'other-user': other.jwt, none: '', garbage: 'x.y.z' }[
    kind
  ];
  return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(type ? { 'content-type': type } : {}) };
}

/**
 * Sends one request; fails the property on a 5xx or an error that is not JSON in the app's format
 * (`{error: {code, message}}`; what Better Auth answers itself keeps its `{message, code?}`, which its client reads).
 */
async function expectClean(app: FastifyInstance, request: InjectOptions) {
  cases++;
  const response = await app.inject(request);
  if (String(request.url).startsWith('/api/auth/')) {
    expect(response.statusCode).toBeLessThan(500);
    if (response.statusCode >= 400) {
      const body = response.json() as { message?: unknown; error?: { message?: unknown } };
      expect(
        typeof (body.error?.message ?? body.message),
        `${response.statusCode} ${response.body.slice(0, 200)}`,
      ).toBe('string');
    }
    return;
  }
  if (response.statusCode >= 500)
    throw new Error(
      `${response.statusCode} for ${JSON.stringify(request).slice(0, 300)}: ${response.body.slice(0, 300)}`,
    );
  if (response.statusCode >= 400) {
    const body = response.json() as { error?: { code?: unknown; message?: unknown } };
    const shape = `${response.statusCode} ${response.body.slice(0, 200)} for ${request.method} ${String(request.url).slice(0, 120)}`;
    expect(typeof body.error?.code, shape).toBe('string');
    expect(typeof body.error?.message, shape).toBe('string');
  }
}

const RUNS = { numRuns: 400 };

describe('fuzzing every task route and the audit trail', () => {
  it('create: any body, any content type, any credential', async () => {
    await fc.assert(
      fc.asyncProperty(rawBody, contentType, credential, (body, type, kind) =>
        expectClean(t.app, {
          method: 'POST',
          url: `/api/${user.id}/tasks`,
          payload: body,
          headers: headersFor(kind, type),
        }),
      ),
      RUNS,
    );
  });

  it('update, complete, read and delete: any id, any body', async () => {
    const methods = fc.constantFrom('GET', 'PUT', 'PATCH', 'DELETE') as fc.Arbitrary<
      'GET' | 'PUT' | 'PATCH' | 'DELETE'
    >;
    await fc.assert(
      fc.asyncProperty(methods, id, rawBody, contentType, credential, (method, taskIdText, body, type, kind) => {
        const url = `/api/${user.id}/tasks/${taskIdText}${method === 'PATCH' ? '/complete' : ''}`;
        // DELETE only with another user's or no credential: the task must survive for the final check.
        const who = method === 'DELETE' && (kind === 'jwt' || kind === 'session') ? 'other-user' : kind;
        return expectClean(t.app, {
          method,
          url,
          payload: method === 'GET' ? undefined : body,
          headers: headersFor(who, type),
        });
      }),
      { numRuns: 800 },
    );
  });

  it('list: any query string', async () => {
    const key = fc.constantFrom(
      'status',
      'priority',
      'tags',
      'search',
      'sort',
      'order',
      'limit',
      'cursor',
      'due_before',
      'due_after',
      'unknown',
    );
    const query = fc
      .array(fc.tuple(key, hostileString), { maxLength: 6 })
      .map((pairs) => pairs.map(([k, v]) => `${k}=${encode(v)}`).join('&'));
    await fc.assert(
      fc.asyncProperty(query, credential, (q, kind) =>
        expectClean(t.app, { method: 'GET', url: `/api/${user.id}/tasks?${q}`, headers: headersFor(kind, undefined) }),
      ),
      RUNS,
    );
  });

  it('audit trail: any query string', async () => {
    const key = fc.constantFrom('limit', 'cursor', 'unknown');
    const query = fc
      .array(fc.tuple(key, hostileString), { maxLength: 4 })
      .map((pairs) => pairs.map(([k, v]) => `${k}=${encode(v)}`).join('&'));
    await fc.assert(
      fc.asyncProperty(query, credential, (q, kind) =>
        expectClean(t.app, { method: 'GET', url: `/api/${user.id}/audit?${q}`, headers: headersFor(kind, undefined) }),
      ),
      RUNS,
    );
  });

  it('any user id in the path', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, credential, (userId, kind) =>
        expectClean(t.app, {
          method: 'GET',
          url: `/api/${encode(userId)}/tasks`,
          headers: headersFor(kind, undefined),
        }),
      ),
      RUNS,
    );
  });

  it('sign-up and sign-in: any body', async () => {
    const path = fc.constantFrom('/api/auth/sign-up/email', '/api/auth/sign-in/email');
    await fc.assert(
      fc.asyncProperty(path, rawBody, contentType, (url, body, type) =>
        expectClean(t.app, { method: 'POST', url, payload: body, headers: type ? { 'content-type': type } : {} }),
      ),
      { numRuns: 200 },
    );
  });

  it('left the data as it was', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/${user.id}/tasks/${taskId}`,
      headers: headersFor('jwt', undefined),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: taskId, tags: ['keep'] });
  });
});
