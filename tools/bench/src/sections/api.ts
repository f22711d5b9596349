// The API under load: list (first page of 50 of 200), create and complete, each against a bare Fastify route answering
// the same payload in the same run; the backend's start to ready and its memory, against the bare route's process.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@todo/local-stack/ports';
import { startLocalPostgres } from '@todo/local-stack/postgres';
import { stopProcess } from '@todo/local-stack/processes';
import { load, type LoadOptions } from '../load.js';
import { BARE_PROCESS, rssMiB, samplePeakRss, startBaseline, startTimed, startupMedians } from '../process-stats.js';
import type { Row } from '../table.js';

const root = resolve(import.meta.dirname, '../../../..');
const settle = () => new Promise((r) => setTimeout(r, 2000));

export async function benchApi({ seconds, connections }: { seconds: number; connections: number }): Promise<Row[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'todo-bench-pg-'));
  await chmod(dataDir, 0o755);
  console.log('API: PostgreSQL and the bundled backend (apps/backend/dist/main.mjs)');
  const postgres = await startLocalPostgres({
    dataDir: join(dataDir, 'data'),
    port: await freePort(),
    ephemeral: true,
  });
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const backendSpec = {
    name: 'backend',
    args: [join(root, 'apps/backend/dist/main.mjs')],
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DATABASE_URL: postgres.url('bench'),
      BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
      MIGRATE_ON_START: 'true',
      SHUTDOWN_DRAIN_MS: '0',
      // One client, one user, thousands of requests a second: the limits would be the only thing measured.
      IP_RATE_LIMIT_MAX: '10000000',
      USER_RATE_LIMIT_MAX: '10000000',
    },
  };
  await postgres.createDatabase('bench');
  let backend = (await startTimed(backendSpec, `${api}/readyz`)).child; // migrates; later starts find it current
  try {
    const { jwt, userId } = await signUp(api);
    const headers = { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' };
    const tasksUrl = `${api}/api/${userId}/tasks`;
    const ids: number[] = [];
    for (let i = 0; i < 200; i++) {
      const response = await fetch(tasksUrl, {
        method: 'POST',
        headers,
        body: JSON.stringify({ title: `Task ${i}`, tags: ['bench'], priority: 'medium' }),
      });
      if (response.status !== 201) throw new Error(`creating a task failed: ${response.status}`);
      ids.push(((await response.json()) as { id: number }).id);
    }
    const firstPage = await fetch(`${tasksUrl}?limit=50`, { headers }).then((r) => r.text());

    // Start to ready on a migrated database; then a fresh backend for the load.
    await stopProcess(backend);
    const startup = await startupMedians(() => startTimed(backendSpec, `${api}/readyz`));
    backend = (await startTimed(backendSpec, `${api}/readyz`)).child;

    const bare = await startBaseline(firstPage);
    try {
      await fetch(`${tasksUrl}?limit=50`, { headers });
      await settle();
      const idle = { backend: rssMiB(backend.pid!), baseline: rssMiB(bare.child.pid!) };

      console.log(`API load (${seconds}s each, ${connections} connections, JWT auth):`);
      const run = async (name: string, pid: number, options: LoadOptions) => {
        const sampler = samplePeakRss(pid);
        const result = await load(name, options);
        return { ...result, peakRss: sampler.stop() };
      };
      const common = { seconds, connections };
      const base = await run('bare Fastify', bare.child.pid!, { url: bare.url, ...common });
      const list = await run('list', backend.pid!, { url: `${tasksUrl}?limit=50`, headers, ...common });
      const create = await run('create', backend.pid!, {
        url: tasksUrl,
        method: 'POST',
        headers,
        body: JSON.stringify({ title: 'Benchmark task' }),
        ...common,
      });
      const complete = await run('complete', backend.pid!, {
        url: api,
        method: 'PATCH',
        headers,
        body: JSON.stringify({ completed: true }),
        paths: ids.map((id) => `/api/${userId}/tasks/${id}/complete`),
        ...common,
      });

      const bareRps = { name: 'bare Fastify', value: base.requestsPerSecond };
      const bareP99 = { name: 'bare Fastify', value: base.p99 };
      const rows: Row[] = [];
      for (const [name, result] of [
        ['list (50 of 200)', list],
        ['create', create],
        ['complete', complete],
      ] as const) {
        rows.push({
          measure: `API ${name}: throughput`,
          value: result.requestsPerSecond,
          unit: 'req/s',
          baseline: bareRps,
        });
        rows.push({ measure: `API ${name}: p99 latency`, value: result.p99, unit: 'ms', baseline: bareP99 });
      }
      rows.push(
        {
          measure: 'backend: process start to ready',
          value: startup.app,
          unit: 'ms',
          baseline: { name: BARE_PROCESS, value: startup.baseline },
          note: 'median of 3, /readyz (database checked)',
        },
        {
          measure: 'backend: RSS idle',
          value: idle.backend,
          unit: 'MiB',
          baseline: { name: BARE_PROCESS, value: idle.baseline },
        },
        {
          measure: 'backend: RSS under load (peak)',
          value: Math.max(list.peakRss, create.peakRss, complete.peakRss),
          unit: 'MiB',
          baseline: { name: BARE_PROCESS, value: base.peakRss },
        },
      );
      return rows;
    } finally {
      await stopProcess(bare.child);
    }
  } finally {
    await stopProcess(backend);
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function signUp(api: string): Promise<{ jwt: string; userId: string }> {
  const response = await fetch(`${api}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: api }, // Better Auth checks the Origin in production
    body: JSON.stringify({ email: 'bench@example.test', password: 'benchmark password', name: 'Bench' }),
  });
  if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const { token, user } = (await response.json()) as { token: string; user: { id: string } };
  const jwt = await fetch(`${api}/api/auth/token`, { headers: { authorization: `Bearer ${token}` } }).then(
    (r) => r.json() as Promise<{ token: string }>,
  );
  return { jwt: jwt.token, userId: user.id };
}
