import { expect, test } from './support/fixtures';

// A form sent before the page's scripts run (a slow network, a script blocked) is sent by the browser itself: it
// must never put what was typed into the URL, where history, logs and proxies keep it.
test.use({ javaScriptEnabled: false });

test('the sign-in and sign-up forms sent without scripts leave the password out of the URL', async ({ page }) => {
  for (const path of ['/sign-in', '/sign-up']) {
    await page.goto(path);
    if (path === '/sign-up') await page.getByLabel('Name').fill('No Script');
    await page.getByLabel('Email').fill('no-script@example.com');
    await page.locator('input[name=password]').fill('a secret that stays secret');
    await page.locator('form').getByRole('button').last().click();
    await page.waitForLoadState('load');
    expect(page.url()).not.toContain('secret');
    expect(page.url()).not.toContain('no-script');
  }
});
