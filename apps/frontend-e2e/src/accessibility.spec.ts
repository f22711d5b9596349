import type { Page } from '@playwright/test';
import { addTask, createTasks, expect, moreOptions, signUp, test } from './support/fixtures';
import { checkState } from './support/axe';
import { readStackState } from './support/stack-state';

const PHONE = { width: 390, height: 844 };

/** Every state of every page, checked by axe and photographed: `<scheme>-<size>-<state>.png`. */
async function tour(page: Page, prefix: string) {
  await page.goto('/sign-in');
  await checkState(page, `${prefix}-sign-in`);
  await page.getByLabel('Email').fill('nobody@example.test');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toBeVisible();
  await checkState(page, `${prefix}-sign-in-error`);
  await page.goto('/sign-up');
  await checkState(page, `${prefix}-sign-up`);
  await page.goto('/no-such-page');
  await checkState(page, `${prefix}-not-found`);

  await signUp(page, prefix);
  await expect(page.getByText('No tasks yet')).toBeVisible();
  await checkState(page, `${prefix}-empty`);

  await createTasks(page, [
    { title: 'Pay the electricity bill', priority: 'high', tags: ['home', 'money'], due_at: '2020-05-01T10:00:00Z' },
    { title: 'Book dentist', tags: ['health'], due_at: new Date(Date.now() + 86_400_000).toISOString() },
    { title: 'Read https://example.test/' + 'a-very-long-path/'.repeat(8) },
    { title: 'Plan the weekend', priority: 'low' },
  ]);
  await page.reload();
  await page.getByRole('checkbox', { name: 'Mark complete: Plan the weekend' }).check();
  await expect(page.locator('.toast')).toBeVisible();
  await checkState(page, `${prefix}-list-with-toast`);

  await page.getByRole('button', { name: 'Edit Book dentist' }).click();
  await checkState(page, `${prefix}-editing`);
  await page.keyboard.press('Escape');

  const form = await moreOptions(page);
  await form.getByLabel('Title').fill('Invalid');
  await form.getByLabel(/Tags/).fill('a,b,c,d,e,f,g,h,i,j,k');
  await form.getByRole('button', { name: 'Add task' }).click();
  await expect(form.getByRole('alert')).toBeVisible();
  await checkState(page, `${prefix}-field-errors`);

  await page.getByRole('search', { name: 'Filter tasks' }).getByLabel('Search').fill('nothing like this');
  await expect(page.getByText('No tasks match.')).toBeVisible();
  await checkState(page, `${prefix}-no-match`);
  await page.getByRole('button', { name: 'Clear filters' }).first().click();

  if (readStackState().scriptedChat) {
    const chat = page.getByRole('region', { name: 'Assistant' });
    await chat.getByLabel('Message').fill('add Buy milk');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(chat.getByRole('log')).toContainText('Buy milk');
    await checkState(page, `${prefix}-chat`);
  }

  await page.getByRole('button', { name: 'Select' }).click();
  await page.getByText('Keyboard shortcuts').click();
  await checkState(page, `${prefix}-selecting-and-shortcuts`);

  await page.context().clearCookies();
  await page.getByRole('checkbox', { name: 'Mark complete: Book dentist' }).click();
  await expect(page.locator('.session-ended')).toBeVisible();
  await checkState(page, `${prefix}-session-ended`);
}

test.describe('axe-core on every page and state: no serious or critical violations; screenshots for review', () => {
  test.setTimeout(120_000);

  test('desktop, light', async ({ page }) => {
    await tour(page, 'light-desktop');
  });

  test('desktop, dark', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await tour(page, 'dark-desktop');
  });

  test('phone, light', async ({ page }) => {
    await page.setViewportSize(PHONE);
    await tour(page, 'light-phone');
  });

  test('phone, dark, filters open', async ({ page }) => {
    await page.setViewportSize(PHONE);
    await page.emulateMedia({ colorScheme: 'dark' });
    await signUp(page, 'dark-phone');
    await addTask(page, 'Dark and small');
    await page.getByRole('button', { name: 'Filters' }).click();
    await checkState(page, 'dark-phone-filters-open');
  });
});

test('the 404 page is styled, offers the way back, and breaks no CSP', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto('/nowhere/at/all');
  expect(response!.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px'); // the app's stylesheet
  await page.getByRole('link', { name: 'Back to your tasks' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect(violations).toEqual([]);
});
