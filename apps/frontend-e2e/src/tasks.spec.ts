import { addTask, createTasks, expect, moreOptions, signUp, test, titles } from './support/fixtures';

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
  await edit.getByLabel('Due date').fill('');
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

test('filters, search as you type, #tags, sort (priority high first) and paging', async ({ page }) => {
  const { email } = await signUp(page, 'filters');
  await addTask(page, 'Write report', { tags: 'Work', priority: 'high' });
  await addTask(page, 'Water plants', { tags: 'home', priority: 'low' });
  await addTask(page, 'Plan trip', { tags: 'HOME, home ', priority: 'medium' });
  const filters = page.getByRole('search', { name: 'Filter tasks' });
  const search = filters.getByLabel('Search');

  // Tags are normalised before sending: trimmed, lower case, each once.
  await expect(page.getByTestId('task').filter({ hasText: 'Plan trip' }).locator('.tag')).toHaveText(['#home']);

  // A tag badge filters; a search of "#HOME" is the same tag; Escape clears the search and its filter.
  await page.getByRole('button', { name: 'Show tasks tagged work' }).click();
  await expect(titles(page)).toHaveText(['Write report']);
  await expect(page).toHaveURL(/[?&]tag=work\b/);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await search.fill('#HOME');
  await expect(titles(page)).toHaveText(['Plan trip', 'Water plants']); // no Enter: it filters as you type
  await filters.getByLabel('Show priority').selectOption('low');
  await expect(titles(page)).toHaveText(['Water plants']);
  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect(titles(page)).toHaveText(['Water plants']);
  await filters.getByLabel('Show priority').selectOption('');
  await expect(titles(page)).toHaveCount(3);

  await search.fill('REPORT');
  await expect(titles(page)).toHaveText(['Write report']);
  await search.press('Escape');
  await expect(titles(page)).toHaveCount(3);

  await filters.getByLabel('Sort by').selectOption('priority');
  await expect(titles(page)).toHaveText(['Write report', 'Plan trip', 'Water plants']);
  await filters.getByLabel('Sort by').selectOption('title');
  await expect(titles(page)).toHaveText(['Plan trip', 'Water plants', 'Write report']);
  await filters.getByLabel('Order').selectOption('desc');
  await expect(titles(page)).toHaveText(['Write report', 'Water plants', 'Plan trip']);

  await page.getByTestId('task').filter({ hasText: 'Plan trip' }).getByRole('checkbox').check();
  await filters.getByLabel('Status').selectOption('completed');
  await expect(titles(page)).toHaveText(['Plan trip']);
  await filters.getByLabel('Status').selectOption('pending');
  await expect(titles(page)).toHaveCount(2);
  await filters.getByLabel('Status').selectOption('all');
  await filters.getByLabel('Sort by').selectOption('created');
  await filters.getByLabel('Order').selectOption('');

  // Paging: 22 more tasks through the API with this browser's session, 20 to a page.
  await createTasks(
    page,
    Array.from({ length: 22 }, (_, i) => ({ title: `Bulk ${String(i).padStart(2, '0')}` })),
  );
  await page.reload();
  await expect(page.getByTestId('user-email')).toHaveText(email);
  await expect(titles(page)).toHaveCount(20);
  await expect(titles(page).first()).toHaveText('Bulk 21');
  const pager = page.getByRole('navigation', { name: 'Pages' });
  await expect(pager).toContainText('Page 1 of 2 · tasks 1–20 of 25');
  await pager.getByRole('button', { name: 'Next' }).click();
  await expect(pager).toContainText('Page 2 of 2 · tasks 21–25 of 25');
  await expect(titles(page)).toHaveCount(5);
  await expect(pager.getByRole('button', { name: 'Next' })).toBeDisabled();
  await pager.getByRole('button', { name: 'Previous' }).click();
  await expect(titles(page)).toHaveCount(20);
});

test("the server's refusals show on their fields in plain words, and go when the field is fixed", async ({ page }) => {
  await signUp(page, 'invalid');
  const form = await moreOptions(page);
  await form.getByLabel('Title').fill('Too many tags');
  const tags = form.getByLabel(/Tags/);
  await tags.fill('a, b, c, d, e, f, g, h, i, j, k');
  await form.getByRole('button', { name: 'Add task' }).click();
  await expect(tags).toHaveAttribute('aria-invalid', 'true');
  await expect(tags).toHaveAccessibleDescription('Use at most 10 tags.');
  await expect(tags).toBeFocused();
  await expect(form.getByRole('alert')).toHaveText('Use at most 10 tags.');
  await expect(page.getByText('No tasks yet')).toBeVisible();

  await tags.fill('a, b');
  await expect(tags).not.toHaveAttribute('aria-invalid');
  await expect(form.getByRole('alert')).toHaveCount(0);

  await form.getByLabel('Title').fill('   ');
  await form.getByRole('button', { name: 'Add task' }).click();
  await expect(form.getByLabel('Title')).toHaveAccessibleDescription('Give the task a title.');
  await expect(form.getByLabel('Title')).toHaveValue('   ');
});

test('long text wraps: no page wider than the screen, at desktop and phone widths', async ({ page }) => {
  await signUp(page, 'long');
  await createTasks(page, [{ title: 'x'.repeat(200) }, { title: 'Read https://example.test/' + 'a/'.repeat(80) }]);
  const userId = await page.evaluate(async () => (await (await fetch('/api/auth/get-session')).json()).user.id);
  await page.evaluate(async (id) => {
    await fetch(`/api/${id}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Long description', description: 'y'.repeat(1000) }),
    });
  }, userId);
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 800 });
    await page.reload();
    await expect(titles(page)).toHaveCount(3);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    const rights = await page
      .getByTestId('task')
      .evaluateAll((tasks) => tasks.map((t) => t.getBoundingClientRect().right));
    for (const right of rights) expect(right).toBeLessThanOrEqual(width);
  }
});
