// TLS on both sides of the pooler, as the chart sets it up (database.pooler.enabled with database.tls.enabled): a real
// PostgreSQL with the rendered certificate and TLS-only pg_hba.conf, a real PgBouncer with the rendered pgbouncer.ini
// presenting that certificate (which names the pooler too), and the built API verifying it. The render adds
// `localhost` to the certificate (database.tls.extraDnsNames) so that verify-full can pass here.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgbouncerMissing, startLocalPgbouncer, type LocalPgbouncer } from '@todo/local-stack/pgbouncer';
import { freePort } from '@todo/local-stack/ports';
import { startLocalPostgres, type LocalPostgres } from '@todo/local-stack/postgres';
import { stopProcess, waitForOk } from '@todo/local-stack/processes';
import { migrate, startBackend } from './support/backend.js';
import { renderDatabaseTls, type DatabaseTls } from './support/database-tls.js';
import { renderPoolerSettings } from './support/pooler.js';

const run = promisify(execFile);
const missing = pgbouncerMissing();
let tls: DatabaseTls;
let postgres: LocalPostgres;
let pooler: LocalPgbouncer;
let postgresPort: number;

/** The API's environment through the pooler, as the chart gives it, the CA at its place here. */
const env = (overrides: Record<string, string> = {}) => ({
  DATABASE_URL: `postgres://postgres:postgres@localhost:${pooler.port}/postgres`,
  DATABASE_DIRECT_URL: `postgres://postgres:postgres@localhost:${postgresPort}/postgres`,
  DATABASE_TRANSACTION_POOLING: 'true',
  DATABASE_SSL_MODE: tls.apiEnv.DATABASE_SSL_MODE,
  DATABASE_SSL_CA_FILE: tls.apiEnv.DATABASE_SSL_CA_FILE.replace('/etc/database-tls/', `${tls.dir}/`),
  ...overrides,
});

/** The built API's server with `overrides`, its /readyz answer and what it printed until then. */
async function readiness(overrides: Record<string, string> = {}) {
  const port = await freePort();
  const server = startBackend('serve', env({ ...overrides, PORT: String(port) }));
  try {
    await waitForOk(`http://127.0.0.1:${port}/healthz`, server.child);
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    const answer = { status: response.status, body: await response.json() };
    await stopProcess(server.child);
    await server.closed;
    return { ...answer, output: server.output() };
  } finally {
    await stopProcess(server.child);
  }
}

beforeAll(async () => {
  if (missing) return;
  tls = await renderDatabaseTls(['database.tls.extraDnsNames={localhost}', 'database.pooler.enabled=true']);
  const dataDir = await mkdtemp(join(tls.dir, 'data-'));
  await chmod(dataDir, 0o755);
  postgresPort = await freePort();
  postgres = await startLocalPostgres({ dataDir, port: postgresPort, ephemeral: true, flags: tls.flags });
  const { settings, connectQuery } = await renderPoolerSettings(['database.tls.enabled=true']);
  const files = Object.fromEntries(
    Object.entries(settings).map(([key, value]) => [key, value.replace('/etc/pgbouncer/tls/', `${tls.dir}/`)]),
  );
  pooler = await startLocalPgbouncer({
    port: await freePort(),
    serverPort: postgresPort,
    serverHost: 'localhost',
    user: 'postgres',
    password: 'postgres',
    settings: files,
    connectQuery,
  });
  // Migrations go to PostgreSQL itself (DATABASE_DIRECT_URL), over the same TLS.
  expect(await migrate(env())).toMatchObject({ code: 0 });
}, 120_000);

afterAll(async () => {
  await pooler?.stop();
  await postgres?.stop();
  await tls?.remove();
});

describe.skipIf(missing)(
  `TLS on both sides of PgBouncer (the chart's certificate and pgbouncer.ini)${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    it('the API verifies the pooler (verify-full) and is ready; the pooler reaches PostgreSQL over TLS', async () => {
      expect(env()).toMatchObject({ DATABASE_SSL_MODE: 'verify-full' });
      expect(await readiness()).toMatchObject({ status: 200, body: { status: 'ready' } });
      // The server side: the pooler's server connections (kept for server_idle_timeout), as PostgreSQL sees them.
      const { stdout } = await run('psql', [
        ...['-h', join(tls.dir, 'run'), '-p', String(postgresPort), '-U', 'postgres', '-d', 'postgres', '-tAc'],
        'SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.client_addr IS NOT NULL',
      ]);
      // At least one, each over TLS (an empty answer is one empty line, which fails too).
      expect(
        stdout
          .trim()
          .split('\n')
          .filter((row) => row !== 't'),
      ).toEqual([]);
    });

    it('leaves the API unready without TLS, and with a CA that did not sign the certificate', async () => {
      /** The error the readiness probe logged (the server's JSON log line). */
      const loggedError = (output: string) =>
        output
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line))
          .find((line) => line.msg === 'readiness: database unreachable')?.err;
      const plain = await readiness({ DATABASE_SSL_MODE: 'disable', DATABASE_SSL_CA_FILE: '' });
      expect(plain).toMatchObject({ status: 503, body: { reason: 'database unreachable' } });
      // PgBouncer's "SSL required" (SQLSTATE 08P01, the message not logged: it is the database's).
      expect(loggedError(plain.output)).toMatchObject({ type: 'DatabaseError', code: '08P01' });
      const otherCa = await readiness({ DATABASE_SSL_CA_FILE: tls.otherCaFile });
      expect(otherCa).toMatchObject({ status: 503, body: { reason: 'database unreachable' } });
      expect(loggedError(otherCa.output)?.message).toMatch(/^unable to verify the first certificate/);
    });

    it('the certificate names the pooler, so that clients in the cluster verify it by its Service name', async () => {
      const { stdout } = await run('openssl', [
        ...['x509', '-noout', '-ext', 'subjectAltName', '-in', join(tls.dir, 'tls.crt')],
      ]);
      expect(stdout).toContain('DNS:todo-pooler.todo.svc.cluster.local');
    });
  },
);
