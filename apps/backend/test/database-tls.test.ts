// TLS to PostgreSQL as the chart sets it up: a real server started with the certificate, server settings and
// pg_hba.conf that `helm template` renders (database.tls.enabled), and the real pool, migrate command and app
// connecting with the environment the chart gives the API. The certificate is for the cluster's names; the render
// adds `localhost` (database.tls.extraDnsNames, there for kubectl port-forward) so that verify-full can pass here.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDatabaseTls, type DatabaseTls } from '@todo/kube-tools/database-tls';
import { freePort } from '@todo/local-stack/ports';
import { startLocalPostgres, type LocalPostgres } from '@todo/local-stack/postgres';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createPool } from '../src/db/client.js';
import { MIGRATIONS } from './support/constants.js';

const run = promisify(execFile);
let tls: DatabaseTls;
let postgres: LocalPostgres;
let port: number;

beforeAll(async () => {
  tls = await renderDatabaseTls(['database.tls.extraDnsNames={localhost}']);
  const dataDir = await mkdtemp(join(tls.dir, 'data-'));
  await chmod(dataDir, 0o755); // the server runs as the OS user postgres when the tests run as root
  port = await freePort();
  postgres = await startLocalPostgres({ dataDir, port, ephemeral: true, flags: tls.flags });
}, 120_000);

afterAll(async () => {
  await postgres?.stop();
  await tls?.remove();
});

/** The API's environment as the chart sets it, the CA at its place here. */
const env = (overrides: Record<string, string> = {}) => ({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DATABASE_URL: `postgres://postgres:postgres@localhost:${port}/postgres`,
  DATABASE_SSL_MODE: tls.apiEnv.DATABASE_SSL_MODE,
  DATABASE_SSL_CA_FILE: tls.apiEnv.DATABASE_SSL_CA_FILE.replace('/etc/database-tls/', `${tls.dir}/`),
  ...overrides,
});

/** The error of a first query with the API's pool (undefined when it works). */
async function connectError(overrides: Record<string, string>): Promise<Error | undefined> {
  const pool = createPool(loadConfig(env(overrides)).database);
  try {
    await pool.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error as Error;
  } finally {
    await pool.end();
  }
}

describe('TLS to the database (the chart certificate, a real server)', () => {
  it('gives the API verify-full and the CA', () => {
    expect(tls.apiEnv).toMatchObject({
      DATABASE_SSL_MODE: 'verify-full',
      DATABASE_SSL_CA_FILE: '/etc/database-tls/ca.crt',
    });
  });

  it('migrates (the migrate command) and serves over verified TLS', async () => {
    await run(process.execPath, ['--conditions=@todo/source', '--import', 'tsx', 'src/main.ts', 'migrate'], {
      cwd: resolve(import.meta.dirname, '..'),
      env: { ...process.env, ...env() },
    });
    const config = loadConfig(env());
    const pool = createPool(config.database);
    const app = await buildApp({ config, pool, migrationsFolder: MIGRATIONS });
    try {
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      const { rows } = await pool.query<{ ssl: boolean; version: string }>(
        'SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
      );
      expect(rows[0].ssl).toBe(true);
      expect(['TLSv1.2', 'TLSv1.3']).toContain(rows[0].version);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('refuses a server whose certificate another CA signed', async () => {
    const error = await connectError({ DATABASE_SSL_CA_FILE: tls.otherCaFile });
    // Node 24 adds a hint after the reason.
    expect(error?.message).toMatch(/^unable to verify the first certificate/);
  });

  it('refuses a host name the certificate does not name', async () => {
    const error = await connectError({ DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${port}/postgres` });
    expect(error?.message).toMatch(/^Hostname\/IP does not match certificate's altnames: IP: 127\.0\.0\.1 is not/);
  });

  it('is refused without TLS by the pg_hba.conf of the chart', async () => {
    const error = await connectError({ DATABASE_SSL_MODE: 'disable', DATABASE_SSL_CA_FILE: '' });
    expect(error?.message).toMatch(/pg_hba\.conf rejects connection .* no encryption/);
  });
});
