import type { Route } from '@playwright/test';
import { addTask, alerts, expect, signUp, test } from './support/fixtures';
import { readStackState } from './support/stack-state';

test.beforeEach(() => {
  test.skip(!readStackState().scriptedChat, 'the chat needs the scripted model provider of the local stack');
});

test('the assistant adds and completes tasks; the list follows; the conversation survives a reload', async ({
  page,
}) => {
  await signUp(page, 'chat');
  await addTask(page, 'Walk the dog');
  const chat = page.getByRole('region', { name: 'Assistant' });
  const log = chat.getByRole('log', { name: 'Conversation' });
  const tasks = page.getByRole('list', { name: 'Tasks' });

  await chat.getByLabel('Message').fill('add Buy milk');
  await chat.getByRole('button', { name: 'Send' }).click();
  await expect(log).toContainText('Done: created "Buy milk".');
  await expect(tasks.getByText('Buy milk', { exact: true })).toBeVisible();

  await chat.getByLabel('Message').fill('complete Walk the dog');
  await chat.getByLabel('Message').press('Enter');
  await expect(log).toContainText('Done: completed "Walk the dog".');
  await expect(page.getByTestId('task').filter({ hasText: 'Walk the dog' })).toHaveClass(/done/);
  await expect(alerts(page)).toHaveCount(0);

  await page.reload();
  await expect(log.getByText('add Buy milk')).toBeVisible();
  await expect(log).toContainText('Done: completed "Walk the dog".');

  await chat.getByRole('button', { name: 'New conversation' }).click();
  await expect(log).not.toContainText('Buy milk');
});

// The turn runs on the server, but its answer never reaches the browser: the message comes back to the box, and
// sending it again is a retry with the same key, which the backend answers from the stored turn.
const LOST_ANSWERS = {
  'the connection drops': (route: Route) => route.abort('connectionreset'),
  'the gateway times out': (route: Route) =>
    route.fulfill({ status: 504, json: { error: { code: 'GATEWAY_TIMEOUT', message: 'The gateway timed out.' } } }),
};

for (const [failure, lose] of Object.entries(LOST_ANSWERS)) {
  test(`a send retried after ${failure} reuses its key: one turn, one task; a new message gets a new key`, async ({
    page,
  }) => {
    await signUp(page, 'chat-retry');
    const chat = page.getByRole('region', { name: 'Assistant' });
    const log = chat.getByRole('log', { name: 'Conversation' });
    const tasks = page.getByRole('list', { name: 'Tasks' });
    const keys: string[] = [];
    await page.route('**/api/*/chat', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      keys.push((route.request().postDataJSON() as { idempotency_key: string }).idempotency_key);
      if (keys.length > 1) return route.fallback();
      await route.fetch(); // the backend runs the turn
      return lose(route);
    });

    await chat.getByLabel('Message').fill('add Buy bread');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(chat.getByRole('alert')).toBeVisible();
    await expect(chat.getByLabel('Message')).toHaveValue('add Buy bread');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(log).toContainText('Done: created "Buy bread".');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(keys[1]).toBe(keys[0]);

    await page.reload();
    await expect(log.getByText('add Buy bread', { exact: true })).toHaveCount(1);
    await expect(tasks.getByText('Buy bread', { exact: true })).toHaveCount(1);

    // The same words sent again are a new message: a new key, a second task.
    await chat.getByLabel('Message').fill('add Buy bread');
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(log.getByText('add Buy bread', { exact: true })).toHaveCount(2);
    await expect(tasks.getByText('Buy bread', { exact: true })).toHaveCount(2);
    expect(keys).toHaveLength(3);
    expect(keys[2]).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(keys[2]).not.toBe(keys[0]);
  });
}
