import { describe, expect, it } from 'vitest';
import { as, createTestApp, signUp } from './support/app.js';

const expectLimited = (response: { statusCode: number; json(): unknown; headers: Record<string, unknown> }) => {
  expect(response.statusCode).toBe(429);
  expect(response.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
};

describe('the per-IP rate limit', () => {
  it('counts each client address on its own and never limits the probes or the scrape', async () => {
    const t = await createTestApp({ IP_RATE_LIMIT_MAX: '5', TRUST_PROXY: 'loopback' });
    try {
      const from = (ip: string, url: string) => t.app.inject({ url, headers: { 'x-forwarded-for': ip } });
      for (let i = 0; i < 5; i++) expect((await from('203.0.113.1', '/api/auth/get-session')).statusCode).toBe(200);
      expectLimited(await from('203.0.113.1', '/api/auth/get-session'));
      expect((await from('203.0.113.2', '/api/auth/get-session')).statusCode).toBe(200);
      for (const url of ['/healthz', '/readyz', '/metrics'])
        for (let i = 0; i < 10; i++) expect((await from('203.0.113.1', url)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('the per-user rate limit', () => {
  it("gives each user one budget across routes and credentials, and one user's use never limits another", async () => {
    const t = await createTestApp({ USER_RATE_LIMIT_MAX: '3' });
    try {
      const alice = await signUp(t.app, 'alice');
      const bob = await signUp(t.app, 'bob');
      expect((await as(t.app, alice)('POST', `/api/${alice.id}/tasks`, { title: 'one' })).statusCode).toBe(201);
      expect((await as(t.app, alice)('GET', `/api/${alice.id}/tasks`)).statusCode).toBe(200);
      expect((await as(t.app, alice, 'session')('GET', `/api/${alice.id}/conversations`)).statusCode).toBe(200);
      expectLimited(await as(t.app, alice)('GET', `/api/${alice.id}/tasks`));
      expectLimited(await as(t.app, alice, 'session')('GET', `/api/${alice.id}/conversations`));
      expect((await as(t.app, bob)('GET', `/api/${bob.id}/tasks`)).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
