// TLS to PostgreSQL as the chart sets it up: a real server started with the certificate, server settings and
// pg_hba.conf that `helm template` renders (database.tls.enabled), and the real pool, migrate command and app
// connecting with the environment the chart gives the API. The certificate is for the cluster's names; the render
// adds `localhost` (database.tls.extraDnsNames, there for kubectl port-forward) so that verify-full can pass here.
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDatabaseTls, type DatabaseTls } from '@todo/deploy/database-tls';
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

  it("reloads a changed certificate without a restart (the chart's tls-reload sidecar)", async () => {
    // The certificate the server hands out, as a client sees it (openssl's PostgreSQL STARTTLS).
    const served = async () => {
      const { stdout } = await run('bash', [
        '-c',
        `openssl s_client -starttls postgres -connect 127.0.0.1:${port} </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256`,
      ]);
      return stdout.trim();
    };
    const fingerprint = async (file: string) =>
      (await run('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', file])).stdout.trim();
    const psql = async (sql: string) =>
      (
        await run('psql', [
          '-h',
          join(tls.dir, 'run'),
          '-p',
          String(port),
          '-U',
          'postgres',
          '-d',
          'postgres',
          '-tAc',
          sql,
        ])
      ).stdout.trim();
    const started = () => psql('SELECT pg_postmaster_start_time()');
    const before = { served: await served(), started: await started() };
    expect(before.served).toBe(await fingerprint(join(tls.dir, 'tls.crt')));

    // The rendered script, checking every 0.2 s instead of 30 (the only change), as the sidecar runs it.
    const sidecar = spawn('bash', ['-c', tls.reloadScript.replace('sleep 30', 'sleep 0.2')], {
      env: { ...process.env, POSTGRES_USER: 'postgres', POSTGRES_DB: 'postgres', PGPORT: String(port) }, // 5432 in the pod
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const original = await Promise.all(['tls.crt', 'tls.key'].map((f) => readFile(join(tls.dir, f))));
    try {
      await new Promise((r) => setTimeout(r, 500));
      // A renewed certificate and key land in the mounted files (writing keeps their owner and mode, as the kubelet's).
      await writeFile(join(tls.dir, 'tls.crt'), tls.otherCertificate.cert);
      await writeFile(join(tls.dir, 'tls.key'), tls.otherCertificate.key);
      const wanted = await fingerprint(join(tls.dir, 'tls.crt'));
      expect(wanted).not.toBe(before.served);
      const deadline = Date.now() + 15_000;
      while ((await served()) !== wanted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await served()).toBe(wanted);
      expect(await started()).toBe(before.started); // reloaded, not restarted
    } finally {
      sidecar.kill();
      await writeFile(join(tls.dir, 'tls.crt'), original[0]);
      await writeFile(join(tls.dir, 'tls.key'), original[1]);
      await psql('SELECT pg_reload_conf()');
    }
  }, 30_000);
});
