// API benchmark: GET /api/{user}/tasks (200 tasks, first page of 50) and POST /api/{user}/tasks against
// the bundled backend on an embedded PostgreSQL, each as a ratio to a bare Fastify route in the same run.
// Run: npx nx run bench:api   (BENCH_SECONDS, BENCH_CONNECTIONS to change the load)
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@todo/local-stack/ports';
import { startLocalPostgres } from '@todo/local-stack/postgres';
import { load, type LoadResult } from './load.js';
import { spawnNode, stopProcess, waitForOk } from '@todo/local-stack/processes';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const root = resolve(import.meta.dirname, '../../..');

const dataDir = await mkdtemp(join(tmpdir(), 'todo-bench-pg-'));
await chmod(dataDir, 0o755);
console.log('Starting PostgreSQL and the bundled backend (apps/backend/dist/main.mjs)...');
const postgres = await startLocalPostgres({ dataDir: join(dataDir, 'data'), port: await freePort(), ephemeral: true });
await postgres.createDatabase('bench');
const apiPort = await freePort();
const api = `http://127.0.0.1:${apiPort}`;
const backend = spawnNode(
  {
    name: 'backend',
    args: [join(root, 'apps/backend/dist/main.mjs')],
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(apiPort),
      DATABASE_URL: postgres.url('bench'),
      BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
      MIGRATE_ON_START: 'true',
      SHUTDOWN_DRAIN_MS: '0',
    },
  },
  ['ignore', 'ignore', 'inherit'],
);
await waitForOk(`${api}/readyz`, backend);

try {
  const signUpResponse = await fetch(`${api}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: api }, // Better Auth checks the Origin in production
    body: JSON.stringify({ email: 'bench@example.test', password: 'benchmark password', name: 'Bench' }),
  });
  if (!signUpResponse.ok) throw new Error(`sign-up failed: ${signUpResponse.status} ${await signUpResponse.text()}`);
  const signUp = (await signUpResponse.json()) as { token: string; user: { id: string } };
  const { token: jwt } = await fetch(`${api}/api/auth/token`, {
    headers: { authorization: `Bearer ${signUp.token}` },
  }).then((r) => r.json() as Promise<{ token: string }>);
  const headers = { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' };
  const tasksUrl = `${api}/api/${signUp.user.id}/tasks`;
  for (let i = 0; i < 200; i++) {
    await fetch(tasksUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify({ title: `Task ${i}`, tags: ['bench'], priority: 'medium' }),
    });
  }
  const firstPage = await fetch(tasksUrl, { headers }).then((r) => r.text());

  const baselinePort = await freePort();
  const baseline = spawnNode(
    {
      name: 'baseline',
      args: ['--import', 'tsx', join(import.meta.dirname, 'baseline-server.ts'), String(baselinePort), firstPage],
      env: {},
    },
    ['ignore', 'ignore', 'inherit'],
  );
  await waitForOk(`http://127.0.0.1:${baselinePort}/constant`, baseline);
  const results: LoadResult[] = [];
  try {
    console.log(`Load (${seconds}s each, ${connections} connections; JWT auth):`);
    results.push(
      await load('bare Fastify, constant page', {
        url: `http://127.0.0.1:${baselinePort}/constant`,
        seconds,
        connections,
      }),
    );
    results.push(await load('GET tasks (first page of 50 of 200)', { url: tasksUrl, headers, seconds, connections }));
    results.push(
      await load('POST tasks', {
        url: tasksUrl,
        method: 'POST',
        headers,
        body: JSON.stringify({ title: 'Benchmark task' }),
        seconds,
        connections,
      }),
    );
  } finally {
    await stopProcess(baseline);
  }

  const [base] = results;
  console.log(
    `\n${'scenario'.padEnd(38)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'vs bare'.padStart(8)} errors`,
  );
  for (const r of results) {
    const ratio = (r.requestsPerSecond / base.requestsPerSecond).toFixed(3);
    console.log(
      `${r.name.padEnd(38)} ${r.requestsPerSecond.toFixed(0).padStart(8)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${ratio.padStart(8)} ${r.errors}`,
    );
  }
  if (results.some((r) => r.errors > 0)) process.exitCode = 1;
} finally {
  await stopProcess(backend);
  await postgres.stop();
  await rm(dataDir, { recursive: true, force: true });
}
