import { expect, test } from './support/fixtures';

// What the public entry (the frontend) lets through: the client's address as it saw it, never one a client wrote;
// no metrics for a forwarded request; HSTS when served over HTTPS.

const SPOOFS: Record<string, string>[] = ['6.6.6.6', '6.6.6.6, 7.7.7.7', 'unknown, 6.6.6.6'].flatMap(
  (list): Record<string, string>[] => [
    { 'x-forwarded-for': list },
    { 'x-real-ip': list.split(',')[0], forwarded: `for=${list.split(',')[0]}` },
    { 'true-client-ip': '6.6.6.6', 'cf-connecting-ip': '6.6.6.6', 'x-client-ip': '6.6.6.6' },
  ],
);

test('the backend records the address the frontend saw, whatever forwarding headers a client sends', async ({
  playwright,
  baseURL,
}) => {
  for (const headers of SPOOFS) {
    const api = await playwright.request.newContext({ baseURL });
    const email = `entry-${Date.now()}-${Math.random()}@example.test`;
    const signUp = await api.post('/api/auth/sign-up/email', {
      headers: { ...headers, origin: baseURL! },
      data: { email, password: 'a long enough password', name: 'entry' },
    });
    expect(signUp.status(), await signUp.text()).toBe(200);
    const { user } = (await signUp.json()) as { user: { id: string } };
    const audit = await api.get(`/api/${user.id}/audit`);
    const ips = ((await audit.json()) as { items: { ip: string | null }[] }).items.map((event) => event.ip);
    expect(ips, JSON.stringify(headers)).toEqual(['127.0.0.1']);
    await api.dispose();
  }
});

test('metrics are not served to a forwarded request, in any spelling; the backend is reached under /api only', async ({
  request,
}) => {
  expect((await request.get('/api/metrics')).status()).toBe(200); // straight to the server, as the scraper
  for (const path of ['/api/metrics', '/api/metrics/', '/API/metrics', '/api/%6detrics', '/api/./metrics'])
    expect((await request.get(path, { headers: { 'x-forwarded-for': '203.0.113.1' } })).status(), path).toBe(404);
  for (const path of ['/api/%2e%2e/metrics', '/api/x/%2e%2e/%2e%2e/metrics']) {
    const response = await request.get(path);
    expect(await response.text(), path).not.toContain('process_cpu');
  }
});

test('pages carry HSTS when served over HTTPS only', async ({ request }) => {
  const https = await request.get('/sign-in', { headers: { 'x-forwarded-proto': 'https' } });
  expect(https.headers()['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  expect((await request.get('/sign-in')).headers()['strict-transport-security']).toBeUndefined();
});
