import type { Page } from '@playwright/test';
import { addTask, expect, signUp, test } from './support/fixtures';

const focused = (page: Page) => page.locator(':focus');

/** WCAG relative luminance contrast of two `rgb()` colours. */
function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r, g, b] = css
      .match(/\d+(\.\d+)?/g)!
      .slice(0, 3)
      .map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

test('keyboard only: skip link, shortcuts, add, edit, Escape, save and delete keep the focus where it belongs', async ({
  page,
}) => {
  await signUp(page, 'keys');
  await addTask(page, 'First task');
  await addTask(page, 'Second task');
  await page.reload();
  // Keys pressed before the page has hydrated go nowhere: wait until its scripts have loaded and run.
  await expect(page.getByText('Second task')).toBeVisible();
  await page.waitForLoadState('networkidle');

  // The skip link is the first Tab stop and lands on the list.
  await page.keyboard.press('Tab');
  await expect(focused(page)).toHaveText('Skip to tasks');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Your tasks' })).toBeFocused();

  // n: the new task's title. Enter adds; the focus stays in the emptied title.
  await page.keyboard.press('n');
  const title = page.getByRole('form', { name: 'New task' }).getByLabel('Title');
  await expect(title).toBeFocused();
  await page.keyboard.type('Third task');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('task').filter({ hasText: 'Third task' })).toBeVisible();
  await expect(title).toBeFocused();
  await expect(title).toHaveValue('');

  // /: search (from anywhere but a text field).
  await page.keyboard.press('Tab'); // onto "More options"
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: /Search/ })).toBeFocused();

  // Enter on a task's checkbox edits it; Escape closes the editor and returns to the task's Edit button.
  const toggle = page.getByRole('checkbox', { name: 'Mark complete: Third task' });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab'); // back to "Upcoming"
  for (let i = 0; i < 20 && !(await toggle.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(toggle).toBeFocused();
  await page.keyboard.press('Enter');
  const edit = page.getByRole('form', { name: 'Edit Third task' });
  await expect(edit.getByLabel('Title')).toBeFocused();
  await page.keyboard.type(' changed');
  await page.keyboard.press('Escape');
  await expect(edit).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Edit Third task' })).toBeFocused();

  // Edit, change, Enter saves; the focus returns to the task.
  await page.keyboard.press('Enter');
  await page.keyboard.type(' (edited)');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Edit Third task (edited)' })).toBeFocused();

  // Delete: the focus moves to the next task's checkbox; Space completes it.
  await page.keyboard.press('Tab');
  await expect(focused(page)).toHaveAccessibleName('Delete Third task (edited)');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('checkbox', { name: 'Mark complete: Second task' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: 'Mark pending: Second task' })).toBeChecked();
  await page.keyboard.press('n'); // shortcuts work from a checkbox too
  await expect(title).toBeFocused();

  // The shortcuts are documented on the page.
  await page.getByText('Keyboard shortcuts').click();
  const help = page.locator('.shortcuts');
  for (const key of ['n', '/', 'Escape', 'Enter'])
    await expect(help.locator('kbd', { hasText: key }).first()).toBeVisible();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the focus ring stands out at least 3:1 against the page and the cards (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await signUp(page, `ring-${colorScheme}`);
    await addTask(page, 'Ring');
    await page.getByRole('button', { name: 'Edit Ring' }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const [outline, width, page_, card] = await page.evaluate(() => {
      const active = getComputedStyle(document.activeElement!);
      return [
        active.outlineColor,
        active.outlineWidth,
        getComputedStyle(document.body).backgroundColor,
        getComputedStyle(document.querySelector('.task')!).backgroundColor,
      ];
    });
    expect(parseFloat(width)).toBeGreaterThanOrEqual(2);
    expect(contrast(outline, page_)).toBeGreaterThanOrEqual(3);
    expect(contrast(outline, card)).toBeGreaterThanOrEqual(3);
  });
}
