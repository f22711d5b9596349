import { spawnNode, waitForOk } from '@todo/local-stack/processes';
import { addTask, alerts, expect, signUp, test } from './support/fixtures';
import { readStackState, writeStackState } from './support/stack-state';

test('the page shows an outage of the backend and recovers when it returns', async ({ page }) => {
  await signUp(page, 'outage');
  await addTask(page, 'Survives the outage');

  const state = readStackState();
  process.kill(state.backendPid, 'SIGTERM');
  await expect
    .poll(() =>
      fetch(`${state.backendUrl}/healthz`).then(
        () => 'up',
        () => 'down',
      ),
    )
    .toBe('down');

  await page.reload();
  await expect(alerts(page)).toContainText(/unavailable|reach/i);
  await expect(await page.request.get('/api/ready')).toBeOK();

  const backend = spawnNode(state.backendSpec, 'ignore');
  writeStackState({ ...state, backendPid: backend.pid! });
  await waitForOk(`${state.backendUrl}/readyz`, backend);

  await expect(page.getByText('Survives the outage')).toBeVisible({ timeout: 15_000 });
  await expect(alerts(page)).toHaveCount(0);
});
