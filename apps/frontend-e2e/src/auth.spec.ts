import { alerts, expect, signUp, test } from './support/fixtures';

test('sign up, sign out, sign in again', async ({ page }) => {
  const { email, password } = await signUp(page, 'auth');
  await expect(page.getByTestId('user-email')).toHaveText(email);
  await expect(page.getByText('No tasks yet')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/tasks');
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(alerts(page)).toContainText(/invalid/i);

  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('user-email')).toHaveText(email);
});
