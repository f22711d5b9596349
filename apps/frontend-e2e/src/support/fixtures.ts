import { test as base, expect, type Page } from '@playwright/test';

/** Every spec imports `test` from here: when global setup found a tool missing (outside CI), it skips with the reason. */
export const test = base.extend<{ skipWhenUnavailable: void }>({
  skipWhenUnavailable: [
    // Playwright reads a fixture's dependencies from this pattern; this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use, testInfo) => {
      testInfo.skip(Boolean(process.env.E2E_SKIP), process.env.E2E_SKIP);
      await use();
    },
    { auto: true },
  ],
});
export { expect };

/** Alerts of the page itself (Next.js adds a route announcer with role=alert outside <main>). */
export const alerts = (page: Page) => page.getByRole('main').getByRole('alert');

let users = 0;

/** Signs up a new user through the form; lands on the task list. */
export async function signUp(page: Page, name = 'user'): Promise<{ email: string; password: string }> {
  const email = `${name}-${Date.now()}-${++users}@example.test`;
  const password = 'a long enough password';
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { name: 'Tasks' })).toBeVisible();
  return { email, password };
}

/** Adds a task through the New task form. */
export async function addTask(
  page: Page,
  title: string,
  fields: { tags?: string; priority?: string; due?: string } = {},
) {
  const form = page.getByRole('form', { name: 'New task' });
  await form.getByLabel('Title').fill(title);
  if (fields.priority) await form.getByLabel('Priority').selectOption(fields.priority);
  if (fields.tags) await form.getByLabel(/Tags/).fill(fields.tags);
  if (fields.due) await form.getByLabel('Due').fill(fields.due);
  await form.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByRole('list', { name: 'Tasks' }).getByText(title, { exact: true })).toBeVisible();
}
