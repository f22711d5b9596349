import { expect, signUp, test } from './support/fixtures';

test('static assets are immutable for a year', async ({ page }) => {
  const response = await page.request.get('/sign-in');
  const assets = [...(await response.text()).matchAll(/\/_next\/static\/[^"'\s]+\.(?:js|css)/g)].map((m) => m[0]);
  expect(assets.length).toBeGreaterThan(0);
  for (const asset of new Set(assets)) {
    const answer = await page.request.get(asset);
    expect(answer.status(), asset).toBe(200);
    expect(answer.headers()['cache-control'], asset).toBe('public, max-age=31536000, immutable');
  }
});

test('API reads revalidate through the proxy: ETag, 304 while unchanged, 200 after a write', async ({ page }) => {
  await signUp(page, 'etag');
  const session = await (await page.request.get('/api/auth/get-session')).json();
  const url = `/api/${session.user.id}/tasks`;

  const first = await page.request.get(url);
  expect(first.status()).toBe(200);
  const etag = first.headers()['etag'];
  expect(etag).toMatch(/^W\/".+"$/);
  expect(first.headers()['cache-control']).toBe('private, no-cache');

  const unchanged = await page.request.get(url, { headers: { 'if-none-match': etag } });
  expect(unchanged.status()).toBe(304);
  expect(unchanged.headers()['etag']).toBe(etag);
  expect((await unchanged.body()).length).toBe(0);

  const origin = new URL(page.url()).origin;
  const created = await page.request.post(url, { data: { title: 'changes the tag' }, headers: { origin } });
  expect(created.status()).toBe(201);
  const changed = await page.request.get(url, { headers: { 'if-none-match': etag } });
  expect(changed.status()).toBe(200);
  expect(changed.headers()['etag']).not.toBe(etag);
  expect((await changed.json()).items).toHaveLength(1);
});
