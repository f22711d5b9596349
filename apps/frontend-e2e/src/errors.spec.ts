// The frontend server's errors, over a raw socket with generated input: Node's parser errors, methods the app has
// no use for, paths that do not decode, and the API's own errors through the proxy are all the API's JSON error,
// `{error: {code, message}}`, and none echoes what was sent. Behind an ingress the proxy answers the malformed
// requests itself, so those run against the local processes and containers only.
import { METHODS } from 'node:http';
import { malformedRequest, sendRaw } from '@todo/local-stack/raw-http';
import fc from 'fast-check';
import { expect, test } from './support/fixtures';

const base = () => new URL(process.env.E2E_BASE_URL!);
const direct = process.env.E2E_STACK !== 'minikube';

const raw = (bytes: string) => sendRaw(base().hostname, Number(base().port), bytes);

function expectApiError(answer: { head: string; body: string }, sent: string) {
  expect(answer.head.toLowerCase(), answer.head).toContain('content-type: application/json');
  expect(JSON.parse(answer.body), answer.body).toMatchObject({
    error: { code: expect.any(String), message: expect.any(String) },
  });
  if (sent.length >= 4) expect(answer.body).not.toContain(sent);
}

const request = (method: string, path: string) =>
  `${method} ${path} HTTP/1.1\r\nHost: ${base().host}\r\nConnection: close\r\n\r\n`;
const segment = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.~'), minLength: 4, maxLength: 24 });

test.describe('errors of the frontend server', () => {
  test.skip(!direct, 'the ingress answers malformed requests itself');

  test('methods outside GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS (TRACE, WebDAV ...): a JSON 405', async () => {
    const allowed = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT']);
    const method = fc.constantFrom(...METHODS.filter((name) => !allowed.has(name)));
    const path = fc.oneof(
      fc.constant('/'),
      segment.map((s) => `/api/${s}`),
      segment.map((s) => `/${s}`),
    );
    await fc.assert(
      fc.asyncProperty(method, path, async (name, url) => {
        const answer = await raw(request(name, url));
        // Node's parser refuses a few of its own methods on a request line (PRI): a parser error, JSON too.
        expect([name === 'TRACE' ? 405 : 400, 405], `${name} ${answer.head}`).toContain(answer.status);
        expectApiError(answer, url);
      }),
      { numRuns: 60 },
    );
  });

  test('paths that do not decode: a JSON 400, under /api and the pages alike', async () => {
    // A lone continuation or lead byte, a truncated sequence, or a % without two hex digits.
    const broken = fc.oneof(
      fc.integer({ min: 0x80, max: 0xff }).map((b) => `%${b.toString(16)}`),
      fc.integer({ min: 0xc2, max: 0xf4 }).map((b) => `%${b.toString(16)}`),
      fc.constantFrom('%', '%z', '%g0', '%e2%82'),
    );
    const path = fc
      .tuple(fc.constantFrom('/api/x/tasks/', '/api/auth/', '/tasks/', '/'), segment, broken)
      .map(([prefix, s, bad]) => `${prefix}${s}${bad}`);
    await fc.assert(
      fc.asyncProperty(path, fc.constantFrom('GET', 'POST', 'DELETE'), async (url, method) => {
        const answer = await raw(request(method, url));
        expect(answer.status, `${url} ${answer.head}`).toBe(400);
        expectApiError(answer, url.slice(url.lastIndexOf('/') + 1));
      }),
      { numRuns: 60 },
    );
  });

  test("Node's parser errors (malformed lines and headers, oversized headers): JSON 400 and 431", async () => {
    await fc.assert(
      fc.asyncProperty(malformedRequest, async ({ sent, bytes }) => {
        const answer = await raw(bytes);
        expect([400, 431], answer.head).toContain(answer.status);
        expectApiError(answer, sent);
      }),
      { numRuns: 40 },
    );
  });
});

test('errors Next.js answers without a page (a method a route lacks, a missing file) are JSON', async ({
  request: client,
}) => {
  const path = fc.oneof(
    segment.map((s) => `/_next/static/${s}.js`),
    fc.constantFrom('/api/health', '/api/ready', '/api/metrics', '/'),
    segment.map((s) => `/${s}`),
  );
  const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS');
  await fc.assert(
    fc.asyncProperty(path, method, async (url, name) => {
      const response = await client.fetch(url, { method: name, maxRedirects: 0 });
      if (response.status() < 400 || name === 'HEAD') return;
      const type = response.headers()['content-type'] ?? '';
      // A page's not-found is HTML, for the browser that asked; everything else is the API's error.
      if (type.startsWith('text/html') && !url.startsWith('/api/') && !url.startsWith('/_next/')) return;
      expect(type, `${name} ${url} ${response.status()}`).toContain('application/json');
      expect(await response.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }),
    { numRuns: 60 },
  );
});

test('the API through the proxy: unknown paths, in /api/auth too, are JSON 404s that do not echo the path', async ({
  request: client,
}) => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('/api/auth/', '/api/x/y/'), segment, async (prefix, s) => {
      const response = await client.get(`${prefix}${s}`);
      expect(response.status()).toBe(404);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
      expect(text).not.toContain(s);
    }),
    { numRuns: 20 },
  );
});
