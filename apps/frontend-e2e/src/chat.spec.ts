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
