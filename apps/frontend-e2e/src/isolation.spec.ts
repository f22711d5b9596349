import { addTask, expect, signUp, test } from './support/fixtures';

test('two users in two browser contexts never see each other’s tasks', async ({ browser }) => {
  const alice = await browser.newContext();
  const bob = await browser.newContext();
  try {
    const alicePage = await alice.newPage();
    const bobPage = await bob.newPage();
    await signUp(alicePage, 'alice');
    await signUp(bobPage, 'bob');
    await addTask(alicePage, 'Alice secret');
    await addTask(bobPage, 'Bob secret');

    await alicePage.reload();
    await bobPage.reload();
    await expect(alicePage.getByTestId('task')).toHaveText([/Alice secret/]);
    await expect(bobPage.getByTestId('task')).toHaveText([/Bob secret/]);

    // Bob asking for Alice's list directly is refused.
    const aliceId = await alicePage.evaluate(async () => (await (await fetch('/api/auth/get-session')).json()).user.id);
    const response = await bobPage.request.get(`/api/${aliceId}/tasks`);
    expect(response.status()).toBe(403);
  } finally {
    await alice.close();
    await bob.close();
  }
});
