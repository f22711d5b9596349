// Faults a rolling update and a database outage would bring, on the built API (apps/backend/dist/main.cjs):
//  - two instances behind a round-robin proxy that, like a Service, routes only to instances whose /readyz is 200;
//    each instance is stopped with SIGTERM and started again in turn under steady load: no request may fail;
//  - the database stopped for 10 s: readiness 503 within 5 s, no crash, ready again within 5 s of its return, and
//    every write that was acknowledged is there.
// Both with the API connected to PostgreSQL directly and through a real PgBouncer configured as the chart does
// (database.pooler.enabled): the pooler stays up while PostgreSQL goes away.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { freePort } from '@todo/local-stack/ports';
import {
  pgbouncerMissing as missingPgbouncer,
  startLocalPgbouncer,
  type LocalPgbouncer,
} from '@todo/local-stack/pgbouncer';
import { startLocalPostgres, type LocalPostgres } from '@todo/local-stack/postgres';
import { spawnNode, stopProcess, waitForOk, type NodeProcessSpec } from '@todo/local-stack/processes';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendBundle } from './support/backend.js';
import { renderPoolerSettings } from './support/pooler.js';

const pgbouncerMissing = missingPgbouncer();
const AUTH_SECRET = randomBytes(32).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How the API reaches the database: directly, or through PgBouncer in transaction mode. */
type Route = 'directly' | 'through PgBouncer';
const routes: Route[] = pgbouncerMissing ? ['directly'] : ['directly', 'through PgBouncer'];
if (pgbouncerMissing) console.warn(`zero-downtime through PgBouncer skipped: ${pgbouncerMissing}`);

function databaseEnv(route: Route): Record<string, string> {
  if (route === 'directly') return { DATABASE_URL: databaseUrl };
  return { DATABASE_URL: pooler.url('todo'), DATABASE_DIRECT_URL: databaseUrl, DATABASE_TRANSACTION_POOLING: 'true' };
}

function backendSpec(port: number, route: Route, publicUrl: string): NodeProcessSpec {
  return {
    name: `backend-${port}`,
    args: [backendBundle],
    env: {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...databaseEnv(route),
      BETTER_AUTH_SECRET: AUTH_SECRET,
      BETTER_AUTH_URL: publicUrl,
      MIGRATE_ON_START: 'true',
      SHUTDOWN_DRAIN_MS: '2000', // longer than the proxy's probe period, as preStop is longer than a probe period
      AUTH_RATE_LIMIT_MAX: '1000',
      IP_RATE_LIMIT_MAX: '1000000', // every request comes from 127.0.0.1
      USER_RATE_LIMIT_MAX: '1000000',
      LOG_LEVEL: 'warn',
    },
  };
}

const readyz = (url: string) =>
  fetch(`${url}/readyz`, { signal: AbortSignal.timeout(500) }).then(
    (response) => response.status,
    () => 0,
  );

/**
 * Round-robin over the ready instances, probed every 250 ms: ready on a 200, out after two failed probes in a row
 * (the chart's readinessProbe has failureThreshold 2), so that one slow answer on a busy machine takes none out.
 * It listens on a port of its own choosing before the instances' ports are picked (a port picked for it beforehand
 * was once picked again for an instance), and probes `upstreams` as they are added.
 */
async function readinessProxy(upstreams: string[]): Promise<Server & { url: string; stopProbing(): void }> {
  const ready = new Set<string>();
  const failed = new Map<string, number>();
  let next = 0;
  const probe = setInterval(() => {
    for (const url of upstreams)
      void readyz(url).then((status) => {
        failed.set(url, status === 200 ? 0 : (failed.get(url) ?? 0) + 1);
        if (status === 200) ready.add(url);
        else if (failed.get(url)! >= 2) ready.delete(url);
      });
  }, 250);
  const server = createServer((req, res) => {
    const targets = upstreams.filter((url) => ready.has(url));
    if (targets.length === 0) return void res.writeHead(503).end('no ready upstream');
    const target = new URL(req.url ?? '/', targets[next++ % targets.length]);
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end('upstream failed'));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(server, { url: `http://127.0.0.1:${port}`, stopProbing: () => clearInterval(probe) });
}

async function signUpThrough(url: string): Promise<{ id: string; jwt: string }> {
  const headers = { 'content-type': 'application/json', origin: url };
  const email = `zero-${Date.now()}@example.test`;
  const signUp = await fetch(`${url}/api/auth/sign-up/email`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ email, password: 'correct horse battery', name: 'zero' }),
  });
  const { token, user } = (await signUp.json()) as { token: string; user: { id: string } };
  const jwt = await fetch(`${url}/api/auth/token`, { headers: { authorization: `Bearer ${token}` } });
  return { id: user.id, jwt: ((await jwt.json()) as { token: string }).token };
}

let dataDir: string;
let postgres: LocalPostgres;
let postgresPort: number;
let databaseUrl: string;
let pooler: LocalPgbouncer;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'todo-zero-downtime-'));
  await chmod(dataDir, 0o755);
  postgresPort = await freePort();
  postgres = await startLocalPostgres({ dataDir, port: postgresPort });
  await postgres.createDatabase('todo');
  databaseUrl = postgres.url('todo');
  if (!pgbouncerMissing) {
    const { settings, connectQuery } = await renderPoolerSettings();
    const { username, password } = new URL(databaseUrl);
    pooler = await startLocalPgbouncer({
      port: await freePort(),
      serverPort: postgresPort,
      user: username,
      password,
      settings,
      connectQuery,
    });
  }
}, 120_000);
afterAll(async () => {
  await pooler?.stop();
  await postgres?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe.each(routes)('connected %s', (route) => {
  describe('a rolling restart under load', () => {
    const children: ChildProcess[] = [];
    afterAll(async () => {
      await Promise.all(children.map(stopProcess));
    });

    it('loses no request while each instance is stopped with SIGTERM and started again', async () => {
      const urls: string[] = [];
      const proxy = await readinessProxy(urls);
      const proxyUrl = proxy.url;
      const specs: NodeProcessSpec[] = [];
      for (let i = 0; i < 2; i++) {
        specs[i] = backendSpec(await freePort(), route, proxyUrl);
        children[i] = spawnNode(specs[i], ['ignore', 'ignore', 'inherit']);
        const url = `http://127.0.0.1:${specs[i].env.PORT}`;
        await waitForOk(`${url}/readyz`, children[i]);
        urls.push(url);
      }
      await sleep(500);
      const user = await signUpThrough(proxyUrl);

      let sent = 0;
      const failures: string[] = [];
      let running = true;
      const worker = async () => {
        while (running) {
          sent++;
          const failure = await fetch(`${proxyUrl}/api/${user.id}/tasks?limit=5`, {
            headers: { authorization: `Bearer ${user.jwt}` },
          }).then(
            async (response) => (response.status === 200 ? undefined : `${response.status} ${await response.text()}`),
            (error: Error) => error.message,
          );
          if (failure) failures.push(failure);
        }
      };
      const load = Promise.all([worker(), worker(), worker(), worker()]);

      for (const [i, spec] of specs.entries()) {
        await sleep(1000);
        await stopProcess(children[i]);
        children[i] = spawnNode(spec, ['ignore', 'ignore', 'inherit']);
        await waitForOk(`${urls[i]}/readyz`, children[i]);
        await sleep(1000); // the proxy's probe sees it ready again
      }
      running = false;
      await load;
      proxy.stopProbing();
      proxy.close();
      console.log(`rolling restart (${route}): ${sent} requests, ${failures.length} failed`);
      expect(failures).toEqual([]);
      expect(sent).toBeGreaterThan(100);
    }, 180_000);
  });

  describe('the database going away for 10 s', () => {
    let child: ChildProcess;
    afterAll(async () => {
      if (child) await stopProcess(child);
    });

    it('turns readiness off and on, never crashes, and loses no acknowledged write', async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      child = spawnNode(backendSpec(port, route, url), ['ignore', 'ignore', 'inherit']);
      await waitForOk(`${url}/readyz`, child);
      const user = await signUpThrough(url);

      const acknowledged: number[] = [];
      let writing = true;
      const writer = (async () => {
        for (let n = 0; writing; n++) {
          const response = await fetch(`${url}/api/${user.id}/tasks`, {
            method: 'POST',
            headers: { authorization: `Bearer ${user.jwt}`, 'content-type': 'application/json' },
            body: JSON.stringify({ title: `write ${n}` }),
            signal: AbortSignal.timeout(8000),
          }).catch(() => undefined);
          if (response?.status === 201) acknowledged.push(((await response.json()) as { id: number }).id);
          else await sleep(100);
        }
      })();
      await sleep(1000);

      await postgres.stop();
      const down = Date.now();
      let notReadyAfter = Infinity;
      while (Date.now() - down < 10_000) {
        if (notReadyAfter === Infinity && (await readyz(url)) === 503) notReadyAfter = Date.now() - down;
        await sleep(100);
      }
      expect(child.exitCode, 'the server exited while the database was away').toBeNull();
      postgres = await startLocalPostgres({ dataDir, port: postgresPort });
      const back = Date.now();
      while ((await readyz(url)) !== 200 && Date.now() - back < 15_000) await sleep(100);
      const readyAfter = Date.now() - back;
      await sleep(1000);
      writing = false;
      await writer;

      console.log(
        `database outage (${route}): not ready after ${notReadyAfter} ms, ready again ${readyAfter} ms after its return, ${acknowledged.length} writes acknowledged`,
      );
      expect(notReadyAfter).toBeLessThan(5000);
      expect(readyAfter).toBeLessThan(5000);
      expect(child.exitCode).toBeNull();
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ id: number }>('SELECT id FROM tasks WHERE id = ANY($1::int[])', [
          acknowledged,
        ]);
        expect(rows.length).toBe(acknowledged.length);
        expect(acknowledged.length).toBeGreaterThan(5);
      } finally {
        await client.end();
      }
    }, 120_000);
  });
});
