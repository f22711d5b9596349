import { createTasks, expect, signUp, test } from './support/fixtures';

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the first task shows on the first screen; filters fold away; touch targets are 44 px or more', async ({
    page,
  }) => {
    await signUp(page, 'phone');
    await createTasks(page, [{ title: 'On a small screen', tags: ['phone'] }, { title: 'Another one' }]);
    await page.reload();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.reload();
    await expect(page.getByTestId('task')).toHaveCount(2);
    const top = await page
      .getByTestId('task')
      .first()
      .evaluate((task) => task.getBoundingClientRect().top);
    expect(top + 44).toBeLessThan(844); // at least its checkbox row is on the first screen
    expect(errors).toEqual([]); // hydration found what the server rendered
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const status = page.getByRole('search', { name: 'Filter tasks' }).getByLabel('Status');
    await expect(status).toBeHidden();
    const toggle = page.getByRole('button', { name: 'Filters' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.tap();
    await expect(status).toBeVisible();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');

    // Every button, field and checkbox (through its label) a finger can hit.
    const targets = page.locator(
      'main button:visible, main select:visible, main input:not([type=checkbox]):visible, .touch:visible',
    );
    const small: string[] = [];
    for (const target of await targets.all()) {
      const size = (await target.boundingBox())!;
      const name = (await target.getAttribute('aria-label')) ?? (await target.innerText());
      if (size.height < 44 || size.width < 44) small.push(`${name}: ${size.width}x${size.height}`);
    }
    expect(small).toEqual([]);

    await page.getByTestId('task').filter({ hasText: 'On a small screen' }).locator('.touch').tap();
    await expect(page.getByRole('checkbox', { name: 'Mark pending: On a small screen' })).toBeChecked();
  });
});

test('dark mode follows the system preference', async ({ page }) => {
  await signUp(page, 'dark');
  const colors = () =>
    page.evaluate(() => ({
      background: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.body).color,
      scheme: getComputedStyle(document.documentElement).colorScheme,
    }));
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await colors()).toEqual({ background: 'rgb(247, 247, 245)', text: 'rgb(31, 35, 40)', scheme: 'light dark' });
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await colors()).toEqual({ background: 'rgb(22, 24, 28)', text: 'rgb(232, 234, 237)', scheme: 'light dark' });
});
