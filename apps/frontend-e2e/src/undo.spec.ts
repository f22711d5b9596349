import { addTask, createTasks, expect, signUp, test, titles, userIdOf } from './support/fixtures';

test('delete: undo brings the task back and nothing is deleted; a double click sends one DELETE', async ({ page }) => {
  await signUp(page, 'undo');
  await addTask(page, 'Keep me');
  await addTask(page, 'Lose me');
  const deletes: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'DELETE') deletes.push(request.url());
  });

  await page.getByRole('button', { name: 'Delete Keep me' }).click();
  await expect(titles(page)).toHaveText(['Lose me']);
  const toast = page.locator('.toast');
  await expect(toast).toContainText('Deleted “Keep me”.');
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(titles(page)).toHaveText(['Lose me', 'Keep me']);
  await expect(page.getByRole('checkbox', { name: 'Mark complete: Keep me' })).toBeFocused();

  await page.getByRole('button', { name: 'Delete Lose me' }).dblclick();
  await expect(titles(page)).toHaveText(['Keep me']);
  await expect(toast).toHaveCount(0, { timeout: 8_000 }); // the undo window passed: now it is deleted
  await expect.poll(() => deletes.length).toBe(1);
  await page.reload();
  await expect(titles(page)).toHaveText(['Keep me']);
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  expect(deletes).toHaveLength(1);
});

test('complete shows its pending state and offers undo; a failed toggle names the task', async ({ page }) => {
  await signUp(page, 'complete');
  await addTask(page, 'Slow one');
  await addTask(page, 'Gone behind your back');

  // Record every state the task goes through while its change is on the way.
  await page.evaluate(() => {
    const states: string[] = [];
    (window as unknown as { states: string[] }).states = states;
    new MutationObserver((records) => {
      for (const record of records) {
        const li = record.target as HTMLElement;
        states.push(
          `${li.getAttribute('aria-busy')}:${li.querySelector('input[type=checkbox]:not(.select)')!.hasAttribute('disabled')}`,
        );
      }
    }).observe(document.querySelector('[data-testid=task]')!.parentElement!, {
      subtree: true,
      attributes: true,
      attributeFilter: ['aria-busy'],
    });
  });
  const slow = page.getByTestId('task').filter({ hasText: 'Slow one' });
  await slow.getByRole('checkbox').check();
  await expect(slow).toHaveClass(/done/);
  await expect(slow).toHaveAttribute('aria-busy', 'false');
  expect(await page.evaluate(() => (window as unknown as { states: string[] }).states)).toContain('true:true');
  await page.locator('.toast').getByRole('button', { name: 'Undo' }).click();
  await expect(slow).not.toHaveClass(/done/);
  await expect(slow.getByRole('checkbox')).not.toBeChecked();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Mark complete: Slow one' })).not.toBeChecked();
  await page.waitForLoadState('networkidle'); // hydrated: a click before that goes nowhere

  // Deleted elsewhere: the toggle fails, and the message says which task. A click, not check(): the box goes back
  // unchecked when the change fails, which may be before check() would look.
  const id = await userIdOf(page);
  const origin = new URL(page.url()).origin;
  const list = await (await page.request.get(`/api/${id}/tasks?q=behind`)).json();
  await page.request.delete(`/api/${id}/tasks/${list.items[0].id}`, { headers: { origin } });
  await page.getByTestId('task').filter({ hasText: 'Gone behind your back' }).getByRole('checkbox').click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText(
    'Could not mark “Gone behind your back” complete',
  );
});

test('N tasks left, select several to complete or delete, Clear completed', async ({ page }) => {
  await signUp(page, 'bulk');
  await createTasks(
    page,
    ['One', 'Two', 'Three', 'Four'].map((title) => ({ title })),
  );
  await page.reload();
  await expect(page.getByTestId('summary')).toContainText('4 tasks left');

  await page.getByRole('button', { name: 'Select' }).click();
  await page.getByRole('checkbox', { name: 'Select One' }).check();
  await page.getByRole('checkbox', { name: 'Select Two' }).check();
  const bulk = page.getByRole('toolbar', { name: 'Selected tasks' });
  await expect(bulk).toContainText('2 selected');
  await bulk.getByRole('button', { name: 'Complete selected' }).click();
  await expect(page.getByTestId('summary')).toContainText('2 tasks left');
  await page.getByRole('checkbox', { name: 'Select Four' }).check();
  await bulk.getByRole('button', { name: 'Delete selected' }).click();
  await expect(titles(page)).toHaveText(['Three', 'Two', 'One']);
  await page.getByRole('button', { name: 'Done selecting' }).click();

  await page.getByRole('button', { name: 'Clear completed' }).click();
  await expect(titles(page)).toHaveText(['Three']);
  await expect(page.locator('.toast')).toContainText('Cleared 2 completed tasks.');
  await expect(page.getByTestId('summary')).toContainText('1 task left');
  await expect(page.locator('.toast')).toHaveCount(0, { timeout: 8_000 });
  await page.reload();
  await expect(titles(page)).toHaveText(['Three']);
});

test('double-click edits a task in place', async ({ page }) => {
  await signUp(page, 'dblclick');
  await addTask(page, 'Edit in place');
  await page.getByTestId('task').filter({ hasText: 'Edit in place' }).locator('.title').dblclick();
  await expect(page.getByRole('form', { name: 'Edit Edit in place' }).getByLabel('Title')).toBeFocused();
});
