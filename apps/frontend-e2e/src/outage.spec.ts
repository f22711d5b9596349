import { startBackend, stopBackend } from './support/backend-control';
import { addTask, alerts, expect, signUp, test } from './support/fixtures';

test('the page shows an outage of the backend and recovers when it returns', async ({ page }) => {
  await signUp(page, 'outage');
  await addTask(page, 'Survives the outage');

  await stopBackend();

  await page.reload();
  await expect(alerts(page)).toContainText(/unavailable|reach/i);
  await expect(await page.request.get('/api/ready')).toBeOK();

  await startBackend();

  await expect(page.getByText('Survives the outage')).toBeVisible({ timeout: 15_000 });
  await expect(alerts(page)).toHaveCount(0);
});
