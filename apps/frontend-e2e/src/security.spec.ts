import { addTask, expect, signUp, test } from './support/fixtures';

test('pages carry a strict, per-request Content-Security-Policy, and the app runs under it', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });

  const first = await page.goto('/sign-in');
  const policy = first!.headers()['content-security-policy'];
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(policy).toContain("script-src 'self' 'nonce-");
  expect(policy).toContain("'strict-dynamic'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain('unsafe-inline');
  expect(first!.headers()['x-frame-options']).toBe('DENY');
  expect(first!.headers()['x-content-type-options']).toBe('nosniff');
  // Next.js put this response's nonce on its scripts; the next response has another one.
  expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  expect(
    await page
      .locator('script[nonce]')
      .first()
      .evaluate((script) => (script as HTMLScriptElement).nonce),
  ).toBe(nonce);
  const second = await page.request.get('/sign-in');
  expect(second.headers()['content-security-policy']).not.toContain(nonce);

  // Hydrated and working: sign up, add a task.
  await signUp(page, 'csp');
  await addTask(page, 'Allowed by the policy');
  expect(violations).toEqual([]);
});
