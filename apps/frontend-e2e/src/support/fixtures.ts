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
  await expect(page.getByRole('heading', { name: 'Tasks', exact: true })).toBeVisible();
  return { email, password };
}

/** Opens the New task form's "More options" (description, priority, tags, due date) unless it is open. */
export async function moreOptions(page: Page) {
  const form = page.getByRole('form', { name: 'New task' });
  const details = form.locator('details');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await form.getByText('More options').click();
  return form;
}

/** Adds a task through the New task form; `due` is `YYYY-MM-DD` (all day) or `YYYY-MM-DDTHH:mm`. */
export async function addTask(
  page: Page,
  title: string,
  fields: { tags?: string; priority?: string; due?: string; description?: string } = {},
) {
  const form = page.getByRole('form', { name: 'New task' });
  await form.getByLabel('Title').fill(title);
  if (fields.priority || fields.tags || fields.due || fields.description) await moreOptions(page);
  if (fields.description) await form.getByLabel('Description').fill(fields.description);
  if (fields.priority) await form.getByLabel('Priority').selectOption(fields.priority);
  if (fields.tags) await form.getByLabel(/Tags/).fill(fields.tags);
  if (fields.due) {
    const [day, time] = fields.due.split('T');
    await form.getByLabel('Due date').fill(day);
    if (time) await form.getByLabel(/^Time/).fill(time);
  }
  await form.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByRole('list', { name: 'Tasks' }).getByText(title, { exact: true })).toBeVisible();
}

/** The signed-in user's id, from the session. */
export const userIdOf = (page: Page) =>
  page.evaluate(async () => (await (await fetch('/api/auth/get-session')).json()).user.id as string);

/** Creates tasks through the API with this page's session (and the app's Origin, for CSRF protection). */
export async function createTasks(
  page: Page,
  tasks: { title: string; tags?: string[]; priority?: string; due_at?: string }[],
) {
  const userId = await userIdOf(page);
  const statuses = await page.evaluate(
    async ({ id, tasks }) => {
      const answers: number[] = [];
      for (const task of tasks) {
        const response = await fetch(`/api/${id}/tasks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(task),
        });
        answers.push(response.status);
      }
      return answers;
    },
    { id: userId, tasks },
  );
  expect(statuses).toEqual(tasks.map(() => 201));
}

/** The titles of the tasks on the page, in order. */
export const titles = (page: Page) => page.getByTestId('task').locator('.title');
