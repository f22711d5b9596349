// TLS on both sides of the pooler, as the chart sets it up (database.pooler.enabled with database.tls.enabled): a real
// PostgreSQL with the rendered certificate and TLS-only pg_hba.conf, a real PgBouncer with the rendered pgbouncer.ini
// presenting that certificate (which names the pooler too), and the API's pool verifying it. The render adds
// `localhost` to the certificate (database.tls.extraDnsNames) so that verify-full can pass here.
import { execFileSync } from 'node:child_process';
import type { TLSSocket } from 'node:tls';
import { chmod, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDatabaseTls, type DatabaseTls } from '@todo/deploy/database-tls';
import { renderPoolerSettings } from '@todo/deploy/pooler';
import { startLocalPgbouncer, type LocalPgbouncer } from '@todo/local-stack/pgbouncer';
import { freePort } from '@todo/local-stack/ports';
import { startLocalPostgres, type LocalPostgres } from '@todo/local-stack/postgres';
import { loadConfig } from '../src/config.js';
import { createPool } from '../src/db/client.js';
import { pgbouncerMissing } from './support/pooler.js';

let tls: DatabaseTls;
let postgres: LocalPostgres;
let pooler: LocalPgbouncer;
let postgresPort: number;

beforeAll(async () => {
  if (pgbouncerMissing) return;
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
}, 120_000);

afterAll(async () => {
  await pooler?.stop();
  await postgres?.stop();
  await tls?.remove();
});

/** The API's database settings through the pooler, as the chart gives them, the CA at its place here. */
const config = (overrides: Record<string, string> = {}) =>
  loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: `postgres://postgres:postgres@localhost:${pooler.port}/postgres`,
    DATABASE_DIRECT_URL: `postgres://postgres:postgres@localhost:${postgresPort}/postgres`,
    DATABASE_TRANSACTION_POOLING: 'true',
    DATABASE_SSL_MODE: tls.apiEnv.DATABASE_SSL_MODE,
    DATABASE_SSL_CA_FILE: tls.apiEnv.DATABASE_SSL_CA_FILE.replace('/etc/database-tls/', `${tls.dir}/`),
    ...overrides,
  });

describe.skipIf(pgbouncerMissing)(
  `TLS on both sides of PgBouncer (the chart's certificate and pgbouncer.ini)${pgbouncerMissing ? ` (skipped: ${pgbouncerMissing})` : ''}`,
  () => {
    it('the API verifies the pooler (verify-full), and the pooler reaches PostgreSQL over TLS', async () => {
      const pool = createPool(config().database);
      try {
        const client = await pool.connect();
        try {
          const socket = (client as unknown as { connection: { stream: TLSSocket } }).connection.stream;
          expect(socket.encrypted).toBe(true);
          expect(socket.authorized).toBe(true);
          // The server side: PostgreSQL sees the pooler's connection as TLS (its pg_hba.conf refuses any other).
          const { rows } = await client.query<{ ssl: boolean }>(
            'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
          );
          expect(rows[0].ssl).toBe(true);
        } finally {
          client.release();
        }
      } finally {
        await pool.end();
      }
    });

    it('refuses the API without TLS, and a CA that did not sign the certificate', async () => {
      const attempt = async (overrides: Record<string, string>) => {
        const pool = createPool(config(overrides).database);
        try {
          await pool.query('SELECT 1');
          return undefined;
        } catch (error) {
          return (error as Error).message;
        } finally {
          await pool.end();
        }
      };
      expect(await attempt({ DATABASE_SSL_MODE: 'disable', DATABASE_SSL_CA_FILE: '' })).toMatch(/SSL required/);
      expect(await attempt({ DATABASE_SSL_CA_FILE: tls.otherCaFile })).toMatch(
        /^unable to verify the first certificate/,
      );
    });

    it('the certificate names the pooler, so that clients in the cluster verify it by its Service name', () => {
      const names = execFileSync(
        'openssl',
        ['x509', '-noout', '-ext', 'subjectAltName', '-in', join(tls.dir, 'tls.crt')],
        {
          encoding: 'utf8',
        },
      );
      expect(names).toContain('DNS:todo-pooler.todo.svc.cluster.local');
    });
  },
);
