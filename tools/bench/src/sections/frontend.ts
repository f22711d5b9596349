// Frontend benchmark: time to first byte and time until the list is visible for /tasks with 200 tasks
// (first page shown), measured in Chromium, beside the /sign-in page (no data to load) as the baseline of the same run;
// and the JavaScript the browser downloads for /tasks, from the build output.
// Run: npx nx run bench:frontend   (BENCH_RUNS to change the number of page loads)
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { freePort } from '@todo/local-stack/ports';
import { startStack } from '@todo/local-stack/stack';

const runs = Number(process.env.BENCH_RUNS ?? 15);
const root = resolve(import.meta.dirname, '../../..');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dataDir = await mkdtemp(join(tmpdir(), 'todo-bench-web-'));
await chmod(dataDir, 0o755);
console.log('Starting the stack (embedded PostgreSQL, built backend and frontend)...');
const stack = await startStack({
  dataDir,
  ephemeral: true,
  frontendPort: await freePort(),
  backendPort: await freePort(),
  authSecret: randomBytes(32).toString('hex'),
  backendEnv: { LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

try {
  const base = stack.frontendUrl;
  const signUp = await fetch(`${base}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'bench@example.test', password: 'benchmark password', name: 'Bench' }),
  });
  if (!signUp.ok) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
  const cookie = signUp.headers.getSetCookie().find((c) => c.includes('session_token'))!;
  const [name, value] = cookie.split(';')[0].split('=');
  const { user } = (await signUp.json()) as { user: { id: string } };
  for (let i = 0; i < 200; i++) {
    const created = await fetch(`${base}/api/${user.id}/tasks`, {
      method: 'POST',
      // As the browser would: the session cookie and the app's origin (CSRF protection).
      headers: { 'content-type': 'application/json', cookie: `${name}=${value}`, origin: base },
      body: JSON.stringify({
        title: `Task ${i}`,
        tags: ['bench'],
        due_at: new Date(Date.now() + i * 3600_000).toISOString(),
      }),
    });
    if (created.status !== 201) throw new Error(`creating a task failed: ${created.status} ${await created.text()}`);
  }

  const context = await browser.newContext();
  await context.addCookies([{ name, value: decodeURIComponent(value), url: base }]);
  const page = await context.newPage();

  /** Loads `path` in a fresh navigation; returns TTFB and the moment `selector` is visible, in ms. */
  async function measure(p: Page, path: string, selector: string) {
    await p.goto('about:blank');
    const started = Date.now();
    await p.goto(`${base}${path}`, { waitUntil: 'commit' });
    await p.locator(selector).first().waitFor();
    const visible = Date.now() - started;
    const ttfb = await p.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return nav.responseStart - nav.startTime;
    });
    return { ttfb, visible };
  }

  const baseline = { ttfb: [] as number[], visible: [] as number[] };
  const tasks = { ttfb: [] as number[], visible: [] as number[] };
  const anonymous = await browser.newPage();
  await measure(anonymous, '/sign-in', 'form');
  await measure(page, '/tasks', '[data-testid=task]'); // warm-up
  for (let i = 0; i < runs; i++) {
    const b = await measure(anonymous, '/sign-in', 'form');
    baseline.ttfb.push(b.ttfb);
    baseline.visible.push(b.visible);
    const t = await measure(page, '/tasks', '[data-testid=task]');
    tasks.ttfb.push(t.ttfb);
    tasks.visible.push(t.visible);
  }
  if ((await page.getByTestId('task').count()) !== 20) throw new Error('expected the first page of 20 tasks');

  // The JavaScript /tasks makes the browser download, measured on the build output.
  const html = await (await fetch(`${base}/tasks`)).text();
  const scripts = [...new Set([...html.matchAll(/\/_next\/static\/[^"'\s]+?\.js/g)].map((m) => m[0]))];
  let raw = 0;
  let gzip = 0;
  for (const src of scripts) {
    const bytes = await readFile(join(root, 'apps/frontend/.next', src.replace('/_next/', '')));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }

  console.log(`\n/tasks with 200 tasks (first page of 20), median of ${runs} loads in Chromium:`);
  const row = (label: string, ms: number, ref: number) =>
    console.log(
      `  ${label.padEnd(32)} ${ms.toFixed(1).padStart(8)} ms   ${(ms / ref).toFixed(2).padStart(5)}x the /sign-in page`,
    );
  row('time to first byte', median(tasks.ttfb), median(baseline.ttfb));
  row('time until the list is visible', median(tasks.visible), median(baseline.visible));
  console.log(
    `  baseline /sign-in: TTFB ${median(baseline.ttfb).toFixed(1)} ms, form visible ${median(baseline.visible).toFixed(1)} ms`,
  );
  console.log(
    `JavaScript for /tasks: ${scripts.length} files, ${(raw / 1024).toFixed(1)} KiB raw, ${(gzip / 1024).toFixed(1)} KiB gzip`,
  );
} finally {
  await browser.close();
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
