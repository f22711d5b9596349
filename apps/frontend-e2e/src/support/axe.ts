import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Where the run leaves its screenshots for review: desktop, phone and dark, one per state. */
export const SCREENSHOTS = join(import.meta.dirname, '../../test-output/screenshots');

/** axe-core on the page as it is: no serious or critical violation of WCAG 2.1 A/AA. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `axe: ${state}`).toEqual([]);
}

/** axe, then a full-page screenshot named after the state. */
export async function checkState(page: Page, state: string): Promise<void> {
  await expectAccessible(page, state);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${state}.png`), fullPage: true, animations: 'disabled' });
}
