import { addTask, expect, signUp, test } from './support/fixtures';

test('when the session ends: one message, the typed input kept, and back to the same view after signing in', async ({
  page,
}) => {
  const { email, password } = await signUp(page, 'expiry');
  await addTask(page, 'Urgent thing', { priority: 'high' });
  await page.getByRole('search', { name: 'Filter tasks' }).getByLabel('Show priority').selectOption('high');
  await expect(page).toHaveURL(/\?priority=high$/);
  const form = page.getByRole('form', { name: 'New task' });
  await form.getByLabel('Title').fill('Half-typed idea');

  await page.context().clearCookies(); // the session is gone, as when it expires

  // A toggle does not send the user away: it says the session ended.
  await page.getByRole('checkbox', { name: 'Mark complete: Urgent thing' }).click();
  const banner = page.locator('.session-ended');
  await expect(banner).toContainText('Your session has ended');
  await expect(page).toHaveURL(/\/tasks\?priority=high$/);
  await expect(page.getByRole('checkbox', { name: 'Mark complete: Urgent thing' })).not.toBeChecked();

  // An add says the same, and keeps what was typed.
  await form.getByRole('button', { name: 'Add task' }).click();
  await expect(form.getByRole('alert')).toContainText('session has ended');
  await expect(form.getByLabel('Title')).toHaveValue('Half-typed idea');

  await banner.getByRole('link', { name: 'Sign in again' }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=%2Ftasks%3Fpriority%3Dhigh$/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/tasks\?priority=high$/);
  await expect(page.getByRole('search', { name: 'Filter tasks' }).getByLabel('Show priority')).toHaveValue('high');
  await expect(form.getByLabel('Title')).toHaveValue('Half-typed idea');
  await form.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByRole('list', { name: 'Tasks' }).getByText('Half-typed idea')).toBeHidden(); // medium: filtered out
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByRole('list', { name: 'Tasks' }).getByText('Half-typed idea')).toBeVisible();
});

test('a signed-in user at /sign-in or /sign-up goes on to the tasks; a foreign next is ignored', async ({ page }) => {
  await signUp(page, 'already');
  await page.goto('/sign-in');
  await expect(page).toHaveURL(/\/tasks$/);
  await page.goto('/sign-up?next=%2Ftasks%3Fstatus%3Dcompleted');
  await expect(page).toHaveURL(/\/tasks\?status=completed$/);
  await page.goto('/sign-in?next=%2F%2Fevil.example%2F');
  await expect(page).toHaveURL(/\/tasks$/);
});

test('sign-in errors are on their fields, in plain words', async ({ page }) => {
  const stamp = Date.now();
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill('Someone');
  await page.getByLabel('Email').fill(`someone-${stamp}@example.test`);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { name: 'Tasks', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/); // signed out: /sign-up shows its form again
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill('Someone');
  await page.getByLabel('Email').fill(`someone-${stamp}@example.test`);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Sign up' }).click();
  const email = page.getByLabel('Email');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription(/exists already/);
  await email.fill(`someone-else-${stamp}@example.test`);
  await expect(email).not.toHaveAttribute('aria-invalid');
});

test('after sign-out, the old session cookie renders no tasks (the server drops what it cached for it)', async ({
  page,
}) => {
  await signUp(page, 'replay');
  await addTask(page, 'Private plan');
  await page.reload(); // rendered on the server with this cookie: its credentials are cached there now
  await expect(page.getByTestId('task')).toHaveText([/Private plan/]);
  const cookies = await page.context().cookies();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  // Headers only: the redirect's status and where it leads, with the signed-out cookie.
  const cookie = cookies.map(({ name, value }) => `${name}=${value}`).join('; ');
  const response = await fetch(new URL('/tasks', page.url()), { headers: { cookie }, redirect: 'manual' });
  await response.body?.cancel();
  expect(response.status).toBe(307);
  expect(response.headers.get('location')).toBe('/sign-in');
});
