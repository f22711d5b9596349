import { addTask, expect, signUp, test } from './support/fixtures';

test('create, edit, complete, uncomplete and delete a task', async ({ page }) => {
  await signUp(page, 'crud');
  await addTask(page, 'Buy milk', { tags: 'home, shop', priority: 'high', due: '2020-01-01T10:00' });
  const item = page.getByTestId('task').filter({ hasText: 'Buy milk' });
  await expect(item).toContainText('high');
  await expect(item).toContainText('#home');
  await expect(item).toContainText('Overdue');

  await item.getByRole('button', { name: 'Edit Buy milk' }).click();
  const edit = page.getByRole('form', { name: 'Edit Buy milk' });
  await edit.getByLabel('Title').fill('Buy oat milk');
  await edit.getByLabel('Due').fill('');
  await edit.getByRole('button', { name: 'Save' }).click();
  const edited = page.getByTestId('task').filter({ hasText: 'Buy oat milk' });
  await expect(edited).toBeVisible();
  await expect(edited).not.toContainText('Overdue');

  await edited.getByRole('checkbox').check();
  await expect(edited).toHaveClass(/done/);
  await edited.getByRole('checkbox').uncheck();
  await expect(edited).not.toHaveClass(/done/);

  await edited.getByRole('button', { name: 'Delete Buy oat milk' }).click();
  await expect(page.getByText('No tasks yet')).toBeVisible();
});

test('filters, search, sort and paging', async ({ page }) => {
  const { email } = await signUp(page, 'filters');
  await addTask(page, 'Write report', { tags: 'work', priority: 'high' });
  await addTask(page, 'Water plants', { tags: 'home', priority: 'low' });
  await addTask(page, 'Plan trip', { tags: 'home', priority: 'medium' });
  const titles = page.getByTestId('task').locator('.title');

  const filters = page.getByRole('search', { name: 'Filter tasks' });
  await filters.getByLabel('Tag').fill('home');
  await filters.getByRole('button', { name: 'Apply' }).click();
  await expect(titles).toHaveText(['Plan trip', 'Water plants']);

  await filters.getByLabel('Priority').selectOption('low');
  await expect(titles).toHaveText(['Water plants']);

  await filters.getByLabel('Tag').fill('');
  await filters.getByLabel('Priority').selectOption('');
  await filters.getByLabel('Search').fill('REPORT');
  await filters.getByLabel('Search').press('Enter');
  await expect(titles).toHaveText(['Write report']);

  await filters.getByLabel('Search').fill('');
  await filters.getByRole('button', { name: 'Apply' }).click();
  await filters.getByLabel('Sort by').selectOption('title');
  await expect(titles).toHaveText(['Plan trip', 'Water plants', 'Write report']);
  await filters.getByLabel('Order').selectOption('desc');
  await expect(titles).toHaveText(['Write report', 'Water plants', 'Plan trip']);

  await page.getByTestId('task').filter({ hasText: 'Plan trip' }).getByRole('checkbox').check();
  await filters.getByLabel('Status').selectOption('completed');
  await expect(titles).toHaveText(['Plan trip']);
  await filters.getByLabel('Status').selectOption('pending');
  await expect(titles).toHaveCount(2);

  // Paging: 22 more tasks through the API with this browser's session, 20 to a page.
  await filters.getByLabel('Status').selectOption('all');
  await filters.getByLabel('Sort by').selectOption('created');
  const userId = await page.evaluate(async () => (await (await fetch('/api/auth/get-session')).json()).user.id);
  // From the page itself: a cookie-authenticated change must carry the app's Origin (CSRF protection).
  const statuses = await page.evaluate(async (id) => {
    const answers: number[] = [];
    for (let i = 0; i < 22; i++) {
      const body = JSON.stringify({ title: `Bulk ${String(i).padStart(2, '0')}` });
      const response = await fetch(`/api/${id}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      answers.push(response.status);
    }
    return answers;
  }, userId);
  expect(statuses).toEqual(Array(22).fill(201));
  await page.reload();
  await expect(page.getByTestId('user-email')).toHaveText(email);
  await expect(titles).toHaveCount(20);
  await expect(titles.first()).toHaveText('Bulk 21');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Page 2')).toBeVisible();
  await expect(titles).toHaveCount(5);
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(titles).toHaveCount(20);
});

test('a validation error from the server is shown to the user', async ({ page }) => {
  await signUp(page, 'invalid');
  const form = page.getByRole('form', { name: 'New task' });
  await form.getByLabel('Title').fill('Too many tags');
  await form.getByLabel(/Tags/).fill('a, b, c, d, e, f, g, h, i, j, k');
  await form.getByRole('button', { name: 'Add task' }).click();
  await expect(form.getByRole('alert')).toContainText('tags');
  await expect(form.getByRole('alert')).toContainText('must NOT have more than 10 items');
  await expect(page.getByText('No tasks yet')).toBeVisible();
});

test('the list is usable at a phone width', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signUp(page, 'phone');
  await addTask(page, 'Small screen task');
  const remove = page.getByRole('button', { name: 'Delete Small screen task' });
  await remove.scrollIntoViewIfNeeded();
  const box = await remove.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(375);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await remove.click();
  await expect(page.getByText('No tasks yet')).toBeVisible();
});
