// The frontend: time to first byte and time until the list is visible for /tasks with 200 tasks (first page shown),
// measured in Chromium beside the /sign-in page (no data) of the same run; the JavaScript /tasks downloads; /tasks
// server renders per second beside /sign-in's on the same server (and, given another checkout, beside its build's
// /tasks renders); the server's start to ready and its memory at idle and under load, beside a bare Fastify process.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { freePort } from '@todo/local-stack/ports';
import { stopProcess } from '@todo/local-stack/processes';
import { FRONTEND_SERVER, startStack, type Stack } from '@todo/local-stack/stack';
import { chartNodeOptions } from '../chart-settings.js';
import { load, type LoadOptions } from '../load.js';
import {
  BARE_PROCESS,
  median,
  rssMiB,
  samplePeakRss,
  startBaseline,
  startTimed,
  startupMedians,
} from '../process-stats.js';
import type { Row } from '../table.js';

const root = resolve(import.meta.dirname, '../../../..');

/** The standalone server of the frontend built in another checkout of this repository. */
export const frontendServerOf = (checkout: string) => resolve(checkout, relative(root, FRONTEND_SERVER));

export interface FrontendOptions {
  /** Page loads per page. */
  runs: number;
  seconds: number;
  /** Alternating rounds of /tasks renders against the baseline checkout's build. */
  rounds: number;
  /** Another checkout with its frontend built, whose /tasks renders are measured beside this one's. */
  baselineCheckout?: string;
}

export async function benchFrontend(options: FrontendOptions): Promise<Row[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'todo-bench-web-'));
  await chmod(dataDir, 0o755);
  console.log('Frontend: the stack (embedded PostgreSQL, built backend and frontend) and Chromium');
  const stack = await startStack({
    dataDir,
    ephemeral: true,
    frontendPort: await freePort(),
    backendPort: await freePort(),
    authSecret: randomBytes(32).toString('hex'),
    backendEnv: { LOG_LEVEL: 'warn', IP_RATE_LIMIT_MAX: '10000000', USER_RATE_LIMIT_MAX: '10000000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const cookie = await seed(stack.frontendUrl);
    return [
      ...(await pageTimings(browser, stack.frontendUrl, cookie, options.runs)),
      await javascriptSize(stack.frontendUrl),
      ...(await serverProcess(stack, cookie, options)),
    ];
  } finally {
    await browser.close();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A user with 200 tasks, created through the frontend as a browser would; returns the session cookie. */
async function seed(base: string): Promise<{ name: string; value: string }> {
  const signUp = await fetch(`${base}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'bench@example.test', password: 'benchmark password', name: 'Bench' }),
  });
  if (!signUp.ok) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
  const [name, value] = signUp.headers
    .getSetCookie()
    .find((c) => c.includes('session_token'))!
    .split(';')[0]
    .split('=');
  const { user } = (await signUp.json()) as { user: { id: string } };
  for (let i = 0; i < 200; i++) {
    const created = await fetch(`${base}/api/${user.id}/tasks`, {
      method: 'POST',
      // The session cookie and the app's origin (CSRF protection), as a browser sends them.
      headers: { 'content-type': 'application/json', cookie: `${name}=${value}`, origin: base },
      body: JSON.stringify({
        title: `Task ${i}`,
        tags: ['bench'],
        due_at: new Date(Date.now() + i * 3600_000).toISOString(),
      }),
    });
    if (created.status !== 201) throw new Error(`creating a task failed: ${created.status} ${await created.text()}`);
  }
  return { name, value };
}

async function pageTimings(browser: Browser, base: string, cookie: { name: string; value: string }, runs: number) {
  const context = await browser.newContext();
  await context.addCookies([{ name: cookie.name, value: decodeURIComponent(cookie.value), url: base }]);
  const page = await context.newPage();
  const anonymous = await browser.newPage();

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

  const signIn = { ttfb: [] as number[], visible: [] as number[] };
  const tasks = { ttfb: [] as number[], visible: [] as number[] };
  await measure(anonymous, '/sign-in', 'form'); // warm-up
  await measure(page, '/tasks', '[data-testid=task]');
  for (let i = 0; i < runs; i++) {
    const s = await measure(anonymous, '/sign-in', 'form');
    signIn.ttfb.push(s.ttfb);
    signIn.visible.push(s.visible);
    const t = await measure(page, '/tasks', '[data-testid=task]');
    tasks.ttfb.push(t.ttfb);
    tasks.visible.push(t.visible);
  }
  if ((await page.getByTestId('task').count()) !== 20) throw new Error('expected the first page of 20 tasks');
  const note = `median of ${runs} loads in Chromium`;
  return [
    {
      measure: 'frontend /tasks: time to first byte',
      value: median(tasks.ttfb),
      unit: 'ms',
      baseline: { name: '/sign-in', value: median(signIn.ttfb) },
      note,
    },
    {
      measure: 'frontend /tasks: list visible',
      value: median(tasks.visible),
      unit: 'ms',
      baseline: { name: '/sign-in form visible', value: median(signIn.visible) },
      note,
    },
  ] satisfies Row[];
}

/** The JavaScript /tasks makes the browser download, gzipped, measured on the build output. */
async function javascriptSize(base: string): Promise<Row> {
  const html = await (await fetch(`${base}/tasks`)).text();
  const scripts = [...new Set([...html.matchAll(/\/_next\/static\/[^"'\s]+?\.js/g)].map((m) => m[0]))];
  let gzip = 0;
  for (const src of scripts) {
    gzip += gzipSync(await readFile(join(root, 'apps/frontend/.next', src.replace('/_next/', '')))).length;
  }
  return {
    measure: 'frontend /tasks: JavaScript (gzip)',
    value: gzip / 1024,
    unit: 'KiB',
    note: `${scripts.length} files`,
  };
}

/**
 * A second frontend server on the same backend, with the NODE_OPTIONS the chart gives the frontend's pod (V8's heap
 * sized to its memory limit, as in production): start to ready (median of 3), RSS at idle and under /tasks load.
 */
async function serverProcess(
  stack: Stack,
  cookie: { name: string; value: string },
  { seconds, rounds, baselineCheckout }: FrontendOptions,
): Promise<Row[]> {
  const nodeOptions = await chartNodeOptions('frontend');
  // Node's compile cache of what a start loads, filled as the image's build fills it (apps/frontend/Dockerfile).
  const compileCache = await mkdtemp(join(tmpdir(), 'todo-bench-compile-cache-'));
  execFileSync(process.execPath, [FRONTEND_SERVER, 'compile'], {
    env: { ...process.env, NODE_ENV: 'production', NODE_COMPILE_CACHE: compileCache },
    stdio: 'ignore',
  });
  const spec = (port: number, server = FRONTEND_SERVER) => ({
    name: 'frontend',
    args: [server],
    env: {
      NODE_ENV: 'production',
      HOSTNAME: '127.0.0.1',
      PORT: String(port),
      BACKEND_URL: stack.backendUrl,
      NODE_OPTIONS: nodeOptions,
      NODE_COMPILE_CACHE: compileCache,
    },
  });
  const ready = async (server?: string) => {
    const port = await freePort();
    return { port, ...(await startTimed(spec(port, server), `http://127.0.0.1:${port}/api/ready`)) };
  };
  const startup = await startupMedians(() => ready());
  const { port, child: frontend } = await ready();
  const bare = (await startBaseline()).child;
  try {
    const url = `http://127.0.0.1:${port}/tasks`;
    const headers = { cookie: `${cookie.name}=${cookie.value}` };
    await fetch(url, { headers });
    await new Promise((r) => setTimeout(r, 2000));
    const idle = { frontend: rssMiB(frontend.pid!), baseline: rssMiB(bare.pid!) };
    const sampler = samplePeakRss(frontend.pid!);
    console.log('Frontend server load:');
    const rendered = await load('GET /tasks (server render)', { url, headers, seconds, connections: 8 });
    const peak = sampler.stop();
    // The same server rendering a page without data (the sign-in form, signed out): what this machine gives a
    // page of this app at that moment, so the ratio travels between machines and busy hours.
    const signIn = await load('GET /sign-in (server render)', {
      url: `http://127.0.0.1:${port}/sign-in`,
      seconds,
      connections: 8,
    });
    const beside = baselineCheckout
      ? [await rendersBeside(baselineCheckout, ready, { url, headers, seconds, connections: 8 }, rounds)]
      : [];
    return [
      {
        measure: 'frontend /tasks: server renders',
        value: rendered.requestsPerSecond,
        unit: 'req/s',
        baseline: { name: '/sign-in renders', value: signIn.requestsPerSecond },
        note: `p99 ${rendered.p99.toFixed(1)} ms (/sign-in ${signIn.p99.toFixed(1)} ms), 8 connections (wrk)`,
      },
      {
        measure: 'frontend: process start to ready',
        value: startup.app,
        unit: 'ms',
        baseline: { name: BARE_PROCESS, value: startup.baseline },
        note: 'median of 3, /api/ready, with the compile cache the image ships',
      },
      {
        measure: 'frontend: RSS idle',
        value: idle.frontend,
        unit: 'MiB',
        baseline: { name: BARE_PROCESS, value: idle.baseline },
      },
      {
        measure: 'frontend: RSS under load (peak)',
        value: peak,
        unit: 'MiB',
        note: `during the /tasks renders; the chart's ${nodeOptions}`,
      },
      ...beside,
    ];
  } finally {
    await stopProcess(frontend);
    await stopProcess(bare);
    await rm(compileCache, { recursive: true, force: true });
  }
}

/** /tasks renders of this build and of another checkout's build on the same backend, rounds alternating: medians. */
async function rendersBeside(
  checkout: string,
  start: (server: string) => Promise<{ port: number; child: ChildProcess }>,
  ours: LoadOptions & { headers: Record<string, string> },
  rounds: number,
): Promise<Row> {
  const commit = execFileSync('git', ['-C', checkout, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const other = await start(frontendServerOf(checkout));
  try {
    const theirs = { ...ours, url: `http://127.0.0.1:${other.port}/tasks` };
    await fetch(theirs.url, { headers: ours.headers });
    const rates = { ours: [] as number[], theirs: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      rates.ours.push((await load('GET /tasks (this build)', ours)).requestsPerSecond);
      rates.theirs.push((await load(`GET /tasks (the build of ${commit})`, theirs)).requestsPerSecond);
    }
    return {
      measure: `frontend /tasks: server renders beside the build of ${commit}`,
      value: median(rates.ours),
      unit: 'req/s',
      baseline: { name: `${commit}'s /tasks renders`, value: median(rates.theirs) },
      note: `median of ${rounds} alternating rounds on the same backend, ${ours.connections} connections (wrk)`,
    };
  } finally {
    await stopProcess(other.child);
  }
}
