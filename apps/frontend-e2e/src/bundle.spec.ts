import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { readStackState } from './support/stack-state';

const staticDir = join(import.meta.dirname, '../../frontend/.next/static');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

test('the browser bundle holds no backend address and no secret', async ({ page }) => {
  const { backendUrl, authSecret } = readStackState();
  const secrets = [
    backendUrl, // this run's backend, given to the frontend server as BACKEND_URL at run time
    new URL(backendUrl).host,
    '127.0.0.1:3001', // the server-side default
    'BACKEND_URL',
    authSecret, // the value (the auth library's client code names the variable in a message)
  ];
  const files = filesUnder(staticDir);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const secret of secrets) expect(text.includes(secret), `${secret} found in ${file}`).toBe(false);
  }

  // What the browser actually receives for the pages, too.
  for (const path of ['/sign-in', '/tasks']) {
    const html = await (await page.request.get(path)).text();
    for (const secret of secrets) expect(html.includes(secret), `${secret} found in ${path}`).toBe(false);
  }
});
