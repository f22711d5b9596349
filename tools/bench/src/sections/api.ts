// The API under load: list (first page of 50 of 200), create and complete with a Bearer JWT, and the list with a
// Bearer session token and with the session cookie, each against the same-work baseline (a minimal Fastify + pg
// server running the same SQL on the same database with the same credential checks, session lookups uncached) in the
// same run, rounds alternating between the two, both with the heap sizes the chart gives the backend's pod; the
// backend's start to ready and memory against a bare Fastify process.
import { stopProcess } from '@todo/local-stack/processes';
import { startApiServer } from '../api-server.js';
import { load, type LoadOptions, type LoadResult } from '../load.js';
import { BARE_PROCESS, rssMiB, samplePeakRss, startBaseline, startTimed, startupMedians } from '../process-stats.js';
import type { Row } from '../table.js';

const settle = () => new Promise((r) => setTimeout(r, 2000));

export interface ApiLoad {
  seconds: number;
  connections: number;
  /** Rounds per scenario and server; the median round counts. */
  rounds: number;
  /** Seconds of load before each measured run, not counted. */
  warmup: number;
}

export async function benchApi({ seconds, connections, rounds, warmup }: ApiLoad): Promise<Row[]> {
  console.log('API: PostgreSQL and the bundled backend (a copy of apps/backend/dist)');
  const server = await startApiServer();
  const { api, spec } = server;
  try {
    const user = await server.signUp('bench@example.test');
    const { userId } = user;
    const headers = { authorization: `Bearer ${user.jwt}`, 'content-type': 'application/json' };
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

    // Start to ready on a migrated database; then a fresh backend for the load.
    await stopProcess(server.backend);
    const startup = await startupMedians(() => startTimed(spec, `${api}/readyz`));
    await server.codeCache(false);
    const cold = await startupMedians(() => startTimed(spec, `${api}/readyz`));
    await server.codeCache(true);
    await server.restart();
    const backend = server.backend;

    const bare = await startBaseline({
      databaseUrl: server.databaseUrl,
      jwksUrl: `${api}/api/auth/jwks`,
      authSecret: spec.env.BETTER_AUTH_SECRET,
      nodeOptions: spec.env.NODE_OPTIONS,
    });
    const baseUrl = bare.url.replace('/constant', '');
    try {
      await fetch(`${tasksUrl}?limit=50`, { headers });
      await settle();
      const idle = { backend: rssMiB(backend.pid!), baseline: rssMiB(bare.child.pid!) };

      console.log(`API load (${rounds} rounds of ${seconds}s after ${warmup}s warm-up, ${connections} connections):`);
      const servers = [
        { name: 'same-work baseline', url: baseUrl, pid: bare.child.pid! },
        { name: 'backend', url: api, pid: backend.pid! },
      ];
      const tasksPath = `/api/${userId}/tasks`;
      type Scenario = Omit<LoadOptions, 'seconds' | 'connections' | 'headers'>;
      type Credential = 'jwt' | 'session' | 'cookie';
      const list = (url: string) => ({ url: `${url}${tasksPath}?limit=50` });
      const scenarios: { name: string; credential?: Credential; options: (url: string) => Scenario }[] = [
        { name: 'list (50 of 200)', options: list },
        { name: 'list, Bearer session token', credential: 'session', options: list },
        { name: 'list, session cookie', credential: 'cookie', options: list },
        {
          name: 'create',
          options: (url) => ({
            url: `${url}${tasksPath}`,
            method: 'POST',
            body: JSON.stringify({ title: 'Benchmark task', tags: ['bench'] }),
          }),
        },
        {
          name: 'complete',
          options: (url) => ({
            url,
            method: 'PATCH',
            body: JSON.stringify({ completed: true }),
            paths: ids.map((id) => `${tasksPath}/${id}/complete`),
          }),
        },
      ];
      const rows: Row[] = [];
      const peak = { backend: 0, baseline: 0 };
      // A fresh JWT per scenario (they last 15 minutes); a session's token and cookie last as long as the session.
      const credentials = async (credential: Credential): Promise<Record<string, string>> => {
        if (credential === 'session') return { authorization: `Bearer ${user.sessionToken}` };
        if (credential === 'cookie') return { cookie: user.cookie };
        return { authorization: `Bearer ${await server.jwt(user.sessionToken)}` };
      };
      for (const scenario of scenarios) {
        const headers = { ...(await credentials(scenario.credential ?? 'jwt')), 'content-type': 'application/json' };
        const results: Record<string, LoadResult[]> = { backend: [], 'same-work baseline': [] };
        for (let round = 0; round < rounds; round++) {
          for (const server of servers) {
            const sampler = samplePeakRss(server.pid);
            const options = { ...scenario.options(server.url), headers, seconds, connections };
            results[server.name].push(await load(`${scenario.name}, ${server.name}`, options, warmup));
            const rss = sampler.stop();
            if (server.name === 'backend') peak.backend = Math.max(peak.backend, rss);
            else peak.baseline = Math.max(peak.baseline, rss);
          }
        }
        const ours = medianResult(results.backend);
        const base = medianResult(results['same-work baseline']);
        const baseline = (value: number) => ({ name: 'same-work baseline', value });
        rows.push(
          {
            measure: `API ${scenario.name}: throughput`,
            value: ours.requestsPerSecond,
            unit: 'req/s',
            baseline: baseline(base.requestsPerSecond),
            note: `median of ${rounds} rounds${scenario.credential ? ', session lookup cached per credential for AUTH_JWT_SESSION_CHECK_SECONDS (baseline: a lookup per request)' : ''}`,
          },
          { measure: `API ${scenario.name}: p99 latency`, value: ours.p99, unit: 'ms', baseline: baseline(base.p99) },
        );
      }
      rows.push(
        {
          measure: 'backend: process start to ready',
          value: startup.app,
          unit: 'ms',
          baseline: { name: BARE_PROCESS, value: startup.baseline },
          note: 'median of 3, /readyz (database checked), with the code cache the image ships',
        },
        {
          measure: 'backend: process start to ready, no code cache',
          value: cold.app,
          unit: 'ms',
          baseline: { name: BARE_PROCESS, value: cold.baseline },
          note: 'median of 3',
        },
        {
          measure: 'backend: RSS idle',
          value: idle.backend,
          unit: 'MiB',
          baseline: { name: 'same-work baseline', value: idle.baseline },
        },
        {
          measure: 'backend: RSS under load (peak)',
          value: peak.backend,
          unit: 'MiB',
          baseline: { name: 'same-work baseline', value: peak.baseline },
          note: `both with the chart's NODE_OPTIONS for the backend's pod: ${spec.env.NODE_OPTIONS}`,
        },
      );
      return rows;
    } finally {
      await stopProcess(bare.child);
    }
  } finally {
    await server.stop();
  }
}

/** The round with the median throughput (its p99 with it: the figures of one real run, not of different rounds). */
function medianResult(results: LoadResult[]): LoadResult {
  return [...results].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(results.length / 2)];
}
