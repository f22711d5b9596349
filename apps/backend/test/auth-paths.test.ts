// The auth limits hold whatever spelling of the path reaches the server: every generated spelling of every
// password-checking endpoint is either refused before Better Auth sees it or counted against the same limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';
import { pathSpellings } from './support/path-spellings.js';
import { listening, rawRequest, type RawResponse } from './support/raw-http.js';

const LIMIT = 3;
let t: TestApp;
let base: string;
let user: TestUser;

beforeAll(async () => {
  t = await createTestApp({ AUTH_RATE_LIMIT_MAX: String(LIMIT) });
  user = await signUp(t.app, 'paths');
  base = await listening(t.app);
});
afterAll(() => t.close());

/** Answered in the server's own error format (refused before Better Auth), not found there, or limited. */
const refused = (response: RawResponse) =>
  response.status === 429 || response.status === 404 || response.body.startsWith('{"error":');

async function attempts(action: string) {
  const metrics = await t.app.inject({ url: '/metrics' });
  const line = metrics.body.split('\n').filter((l) => l.startsWith(`auth_attempts_total{action="${action}"`));
  return line.reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

const endpoints: {
  action: string;
  path: string;
  body: () => object;
  headers?: () => Record<string, string>;
}[] = [
  {
    action: 'sign-in',
    path: '/api/auth/sign-in/email',
    body: () => ({ email: `nobody-${Math.random()}@example.test`, password: 'wrong password!' }),
  },
  {
    action: 'sign-up',
    path: '/api/auth/sign-up/email',
    body: () => ({ email: `new-${Math.random()}@example.test`, password: 'correct horse battery', name: 'n' }),
  },
  {
    action: 'change-password',
    path: '/api/auth/change-password',
    body: () => ({ currentPassword: 'wrong password!', newPassword: 'another horse battery' }),
    headers: () => ({ authorization: `Bearer ${user.sessionToken}`, origin: new URL(t.config.auth.url).origin }),
  },
  {
    action: 'verify-password',
    path: '/api/auth/verify-password',
    body: () => ({ password: 'wrong password!' }),
    headers: () => ({ authorization: `Bearer ${user.sessionToken}`, origin: new URL(t.config.auth.url).origin }),
  },
];

describe('auth limits whatever the spelling of the path', () => {
  it.each(endpoints)('$path: at most the limit reach Better Auth, and each one is counted', async (endpoint) => {
    const spellings = pathSpellings(endpoint.path);
    expect(spellings.length).toBeGreaterThan(300);
    const before = await attempts(endpoint.action);
    const reached: string[] = [];
    let counted = 0;
    for (const path of [...spellings, endpoint.path]) {
      const response = await rawRequest(base, 'POST', path, { body: endpoint.body(), headers: endpoint.headers?.() });
      expect(response.status, `${path}: ${response.body}`).toBeLessThan(500);
      if (!refused(response)) reached.push(`${path} ${response.status}`);
      const spellingRefused = response.status === 400 && response.body.startsWith('{"error":');
      if (!spellingRefused && response.status !== 404) counted++;
    }
    expect(reached.length, reached.join('\n')).toBeLessThanOrEqual(LIMIT);
    // Every attempt that was not refused for its spelling is counted (refused ones may be too).
    expect(await attempts(endpoint.action)).toBeGreaterThanOrEqual(before + counted);
  });

  it('refuses a dot-segment spelling before Better Auth, in the API error format', async () => {
    for (const path of ['/api/auth/./sign-in/email', '/api/auth/x/../sign-in/email', '/api/auth/%2e/sign-up/email']) {
      const response = await rawRequest(base, 'POST', path, { body: { email: user.email, password: 'x' } });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toEqual({
        error: { code: 'VALIDATION_ERROR', message: 'Non-canonical URL path' },
      });
    }
  });
});
