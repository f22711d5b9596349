import { addTask, createTasks, expect, signUp, test, titles } from './support/fixtures';

test('the server renders the first page of the view in the URL, with the nonce CSP', async ({ page }) => {
  await signUp(page, 'ssr');
  await createTasks(page, [{ title: 'Server rendered alpha', tags: ['ssr'] }, { title: 'Server rendered beta' }]);
  // The response itself carries the list (streamed after the page's frame), under the response's nonce.
  const response = await page.request.get('/tasks?tag=ssr');
  const html = await response.text();
  expect(html).toContain('Server rendered alpha');
  expect(html).not.toContain('Server rendered beta');
  const policy = response.headers()['content-security-policy'];
  const nonce = /'nonce-([^']+)'/.exec(policy)![1];
  expect(html).toContain(`nonce="${nonce}"`);

  // The browser takes over the server's page (hydration finds what the server rendered, in the browser's time
  // zone too): it does not fetch that list again.
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const lists: string[] = [];
  page.on('request', (request) => {
    if (/\/api\/[^/]+\/tasks(\?|$)/.test(request.url())) lists.push(request.url());
  });
  await page.goto('/tasks?sort=title');
  await expect(titles(page)).toHaveText(['Server rendered alpha', 'Server rendered beta']);
  await page.getByRole('button', { name: 'Edit Server rendered beta' }).click(); // hydrated: it reacts
  await expect(page.getByRole('form', { name: 'Edit Server rendered beta' })).toBeVisible();
  expect(lists).toEqual([]);
  expect(errors).toEqual([]);
});

test('filters, search, sort and page live in the URL: reload, Back and Forward, a shared link', async ({ page }) => {
  await signUp(page, 'url');
  await addTask(page, 'Pay rent', { tags: 'money', priority: 'high' });
  await addTask(page, 'Buy stamps', { tags: 'errands', priority: 'low' });
  const filters = page.getByRole('search', { name: 'Filter tasks' });

  await filters.getByLabel('Show priority').selectOption('high');
  await expect(page).toHaveURL(/\?priority=high$/);
  await expect(titles(page)).toHaveText(['Pay rent']);
  await filters.getByLabel('Search').fill('stamps');
  await expect(page).toHaveURL(/q=stamps/);
  await expect(page.getByText('No tasks match.')).toBeVisible();

  await page.reload();
  await expect(filters.getByLabel('Search')).toHaveValue('stamps');
  await expect(filters.getByLabel('Show priority')).toHaveValue('high');
  await expect(page.getByText('No tasks match.')).toBeVisible();

  await page.goBack(); // typing replaced its entry: Back returns to before the search
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(titles(page)).toHaveCount(2);
  await expect(filters.getByLabel('Show priority')).toHaveValue('');
  await page.goForward();
  await expect(filters.getByLabel('Search')).toHaveValue('stamps');
  await expect(page.getByText('No tasks match.')).toBeVisible();
  await page.goBack();
  await filters.getByLabel('Show priority').selectOption('high');
  await expect(titles(page)).toHaveText(['Pay rent']);

  const shared = await page.context().newPage();
  await shared.goto(page.url().replace('priority=high', 'priority=low'));
  await expect(titles(shared)).toHaveText(['Buy stamps']);
  await shared.getByRole('button', { name: 'Clear filters' }).click();
  await expect(shared).toHaveURL(/\/tasks$/);
  await expect(titles(shared)).toHaveCount(2);
});

test('Next shows the next page from its top, in the URL; Back returns to the first page', async ({ page }) => {
  await signUp(page, 'pages');
  await createTasks(
    page,
    Array.from({ length: 25 }, (_, i) => ({ title: `Item ${String(i).padStart(2, '0')}` })),
  );
  await page.setViewportSize({ width: 1280, height: 700 });
  await page.reload();
  const next = page.getByRole('button', { name: 'Next' });
  await next.scrollIntoViewIfNeeded();
  await next.click();
  await expect(titles(page)).toHaveCount(5);
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.getByRole('heading', { name: 'Your tasks' })).toBeFocused();
  await expect(page.getByRole('heading', { name: 'Your tasks' })).toBeInViewport();
  await page.reload();
  await expect(titles(page)).toHaveCount(5);
  await page.goBack();
  await expect(titles(page)).toHaveCount(20);
  await expect(titles(page).first()).toHaveText('Item 24');
});

test.describe('in Paris', () => {
  test.use({ timezoneId: 'Europe/Paris' });

  test('Today and Upcoming views; relative dates, all-day tasks and the time zone', async ({ page }) => {
    const day = (offset: number) => {
      const date = new Date(Date.now() + offset * 86_400_000);
      return {
        iso: date.toLocaleDateString('en-CA', { timeZone: 'Europe/Paris' }),
        label: new Intl.DateTimeFormat('en', {
          timeZone: 'Europe/Paris',
          day: 'numeric',
          month: 'short',
          year: date.getFullYear() === new Date().getFullYear() ? undefined : 'numeric',
        }).format(date),
      };
    };
    await signUp(page, 'views');
    await addTask(page, 'Due today all day', { due: day(0).iso });
    await addTask(page, 'Due tomorrow morning', { due: `${day(1).iso}T09:30` });
    await addTask(page, 'Due in forty days', { due: day(40).iso });
    await addTask(page, 'Undated');
    const task = (title: string) => page.getByTestId('task').filter({ hasText: title });
    await expect(task('Due today all day')).toContainText('Due Today');
    await expect(task('Due today all day').locator('time')).toHaveText('Today');
    await expect(task('Due tomorrow morning')).toContainText('Due Tomorrow, 9:30 AM');
    await expect(task('Due in forty days').locator('time')).toHaveText(day(40).label);
    await expect(page.getByTestId('summary')).toContainText(/dates in Europe\/Paris \(GMT\+\d\)/);

    const views = page.getByRole('navigation', { name: 'Views' });
    await views.getByRole('button', { name: 'Today' }).click();
    await expect(titles(page)).toHaveText(['Due today all day']);
    await expect(page).toHaveURL(/view=today/);
    await views.getByRole('button', { name: 'Upcoming' }).click();
    await expect(titles(page)).toHaveText(['Due tomorrow morning', 'Due in forty days']);
    await page.reload(); // rendered by the server in the browser's zone (its cookie)
    await expect(titles(page)).toHaveText(['Due tomorrow morning', 'Due in forty days']);

    // Editing keeps an all-day task all day.
    await views.getByRole('button', { name: 'All' }).click();
    await task('Due today all day').getByRole('button', { name: /^Edit/ }).click();
    const edit = page.getByRole('form', { name: 'Edit Due today all day' });
    await expect(edit.getByLabel('Due date')).toHaveValue(day(0).iso);
    await expect(edit.getByLabel(/^Time/)).toHaveValue('');
  });
});
