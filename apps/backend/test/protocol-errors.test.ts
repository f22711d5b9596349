// Errors from outside the routes (Node's HTTP parser, unknown paths, Better Auth's empty answers) and the request id
// a client may choose, over a real socket with generated input: every error is the app's JSON error and none echoes
// what was sent; a request id is taken only when short and safe.
import { METHODS } from 'node:http';
import { malformedRequest, sendRaw } from '@todo/local-stack/raw-http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

let t: TestApp;
let user: TestUser;
let port: number;

beforeAll(async () => {
  t = await createTestApp();
  user = await signUp(t.app, 'protocol');
  port = Number(new URL(await t.app.listen({ host: '127.0.0.1', port: 0 })).port);
});
afterAll(() => t.close());

const raw = (bytes: string) => sendRaw('127.0.0.1', port, bytes);

function expectAppError(body: string, sent: string) {
  expect(JSON.parse(body), body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  if (sent.length >= 4) expect(body).not.toContain(sent);
}

const token = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.~!*/%'), minLength: 4, maxLength: 40 });

describe('errors outside the routes', () => {
  it("Node's parser errors (malformed request lines and headers, oversized headers) are JSON errors", async () => {
    await fc.assert(
      fc.asyncProperty(malformedRequest, async ({ sent, bytes }) => {
        const answer = await raw(bytes);
        expect([400, 404, 431], answer.head).toContain(answer.status);
        expectAppError(answer.body, sent);
      }),
      { numRuns: 100 },
    );
  });

  it("any method Node's parser knows, on any path: a JSON error or an answer, never a 5xx", async () => {
    const path = fc.oneof(
      fc.constantFrom('/', '/healthz', `/api/${user.id}/tasks`, '/api/auth/get-session'),
      token.map((p) => `/${p}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS.filter((m) => m !== 'CONNECT')), path, async (method, url) => {
        const answer = await raw(`${method} ${url} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        expect(answer.status, `${method} ${url} ${answer.head}`).toBeLessThan(500);
        if (answer.status >= 400 && method !== 'HEAD') expectAppError(answer.body, url.slice(1));
      }),
      { numRuns: 150 },
    );
  });

  it("a method Better Auth's endpoint does not take is the app's 405, not Better Auth's own format", async () => {
    for (const path of ['/api/auth/get-session', '/api/auth/jwks', '/api/auth/sign-out']) {
      const method = path === '/api/auth/sign-out' ? 'GET' : 'POST';
      const answer = await raw(`${method} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      if (answer.status >= 400) expectAppError(answer.body, '');
    }
  });

  it('unknown paths, in and out of /api/auth, are JSON 404s that do not echo the path', async () => {
    const path = fc.oneof(
      token.map((p) => `/${p}`),
      token.map((p) => `/api/auth/${p}`),
    );
    await fc.assert(
      fc.asyncProperty(path, fc.constantFrom('GET', 'POST'), async (url, method) => {
        const response = await t.app.inject({ method, url, ...(method === 'POST' ? { payload: {} } : {}) });
        if (response.statusCode === 404) expectAppError(response.body, url.slice(url.lastIndexOf('/') + 1));
        else expect(response.statusCode, response.body).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});

describe('X-Request-Id', () => {
  const SAFE = /^[A-Za-z0-9._-]{1,64}$/;
  const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/;
  /** Around the limits: the safe alphabet at lengths near 64, and any printable header value. */
  const requestId = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'aZ09._-'), minLength: 1, maxLength: 80 }),
    fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 300 }),
  );

  it('is taken when short and safe, else replaced by a generated one, in the answer, the log and the audit trail', async () => {
    await fc.assert(
      fc.asyncProperty(requestId, async (sent) => {
        const response = await t.app.inject({
          method: 'POST',
          url: `/api/${user.id}/tasks`,
          headers: { authorization: `Bearer ${user.jwt}`, 'x-request-id': sent },
          payload: { title: 'traced' },
        });
        expect(response.statusCode).toBe(201);
        const id = String(response.headers['x-request-id']);
        if (SAFE.test(sent)) expect(id).toBe(sent);
        else expect(id).toMatch(UUID);
        const audit = await t.app.inject({
          method: 'GET',
          url: `/api/${user.id}/audit?limit=1`,
          headers: { authorization: `Bearer ${user.jwt}` },
        });
        expect(audit.json().items[0].request_id).toBe(id);
      }),
      { numRuns: 100 },
    );
  });
});
