// The client's address is what the deployment's own proxies saw, never what a client wrote: spoofed forwarding
// headers of every kind, straight to the backend (no proxy trusted) and through one trusted hop (the frontend).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { listening, rawRequest } from './support/raw-http.js';

const SPOOF = '6.6.6.6';
/** Every header that some server reads a client address from, each with lists of forged hops. */
function spoofs(): Record<string, string>[] {
  const lists = [[SPOOF], [SPOOF, '7.7.7.7'], ['unknown', SPOOF], [SPOOF, ' ', '::1'], ['203.0.113.7, ' + SPOOF]];
  return lists.flatMap((list): Record<string, string>[] => [
    { 'x-forwarded-for': list.join(', ') },
    { 'x-forwarded-for': list.join(',') },
    { 'x-real-ip': list[0] },
    { forwarded: list.map((ip) => `for=${ip}`).join(', ') },
    { 'true-client-ip': list[0], 'cf-connecting-ip': list[0], 'x-client-ip': list[0] },
  ]);
}

let n = 0;
async function signUpFrom(t: TestApp, base: string, headers: Record<string, string>) {
  const email = `addr-${process.pid}-${++n}@example.test`;
  const response = await rawRequest(base, 'POST', '/api/auth/sign-up/email', {
    headers: { ...headers, origin: new URL(t.config.auth.url).origin },
    body: { email, password: 'correct horse battery', name: 'addr' },
  });
  expect(response.status, response.body).toBe(200);
  const userId = JSON.parse(response.body).user.id as string;
  const db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  try {
    const session = await db.query('SELECT ip_address FROM session WHERE user_id = $1', [userId]);
    const audit = await db.query('SELECT ip FROM audit_events WHERE user_id = $1', [userId]);
    return [...session.rows.map((r) => r.ip_address), ...audit.rows.map((r) => r.ip)] as string[];
  } finally {
    await db.end();
  }
}

describe('straight to the backend, no proxy trusted (the default)', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp();
    base = await listening(t.app);
  });
  afterAll(() => t.close());

  it('records the socket address, whatever forwarding headers the client sends', async () => {
    for (const headers of spoofs())
      expect(await signUpFrom(t, base, headers), JSON.stringify(headers)).toEqual(['127.0.0.1', '127.0.0.1']);
  }, 60_000);
});

describe('behind a trusted proxy (TRUST_PROXY=loopback: the frontend on this machine)', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: 'loopback' });
    base = await listening(t.app);
  });
  afterAll(() => t.close());

  it('takes the address the proxy appended, never one written further left', async () => {
    for (const headers of spoofs()) {
      const forwarded = { ...headers, 'x-forwarded-for': `${headers['x-forwarded-for'] ?? SPOOF}, 198.51.100.4` };
      expect(await signUpFrom(t, base, forwarded), JSON.stringify(forwarded)).toEqual(['198.51.100.4', '198.51.100.4']);
    }
  });
});
