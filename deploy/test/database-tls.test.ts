// TLS to PostgreSQL as the chart sets it up: a real server started with the certificate, server settings and
// pg_hba.conf that `helm template` renders (database.tls.enabled), and the built API (its migrate command and its
// server, whose pools are one code) connecting with the environment the chart gives it. The certificate is for the
// cluster's names; the render adds `localhost` (database.tls.extraDnsNames, there for kubectl port-forward) so that
// verify-full can pass here.
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@todo/local-stack/ports';
import { startLocalPostgres, type LocalPostgres } from '@todo/local-stack/postgres';
import { stopProcess, waitForOk } from '@todo/local-stack/processes';
import { migrate, startBackend } from './support/backend.js';
import { renderDatabaseTls, type DatabaseTls } from './support/database-tls.js';

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
  DATABASE_URL: `postgres://postgres:postgres@localhost:${port}/postgres`,
  DATABASE_SSL_MODE: tls.apiEnv.DATABASE_SSL_MODE,
  DATABASE_SSL_CA_FILE: tls.apiEnv.DATABASE_SSL_CA_FILE.replace('/etc/database-tls/', `${tls.dir}/`),
  ...overrides,
});

/** What the built API's migrate command prints when it cannot connect with `overrides` (it must exit 1). */
async function refusal(overrides: Record<string, string>): Promise<string> {
  const { code, output } = await migrate(env(overrides));
  expect(code, output).toBe(1);
  return output;
}

/** A query as the superuser over the server's socket (the tls-reload sidecar's way in): rows, fields by `|`. */
const psql = async (sql: string) =>
  (
    await run('psql', ['-h', join(tls.dir, 'run'), '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-tAc', sql])
  ).stdout.trim();

describe('TLS to the database (the chart certificate, a real server)', () => {
  it('gives the API verify-full and the CA', () => {
    expect(tls.apiEnv).toMatchObject({
      DATABASE_SSL_MODE: 'verify-full',
      DATABASE_SSL_CA_FILE: '/etc/database-tls/ca.crt',
    });
  });

  it('migrates (the migrate command) and serves over verified TLS', async () => {
    const migrated = await migrate(env());
    expect(migrated.output).toContain('Migrations applied.');
    expect(migrated.code).toBe(0);
    const apiPort = await freePort();
    const server = startBackend('serve', env({ PORT: String(apiPort) }));
    try {
      await waitForOk(`http://127.0.0.1:${apiPort}/readyz`, server.child);
      // The API's connections, as PostgreSQL sees them (over TCP; this query's own comes through the socket).
      const connections = await psql(
        'SELECT s.ssl, s.version FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.client_addr IS NOT NULL',
      );
      // At least one, each over TLS 1.2 or 1.3 (an empty answer is one empty line, which fails too).
      expect(connections.split('\n').filter((row) => !/^t\|TLSv1\.[23]$/.test(row))).toEqual([]);
    } finally {
      await stopProcess(server.child);
    }
  }, 60_000);

  it('refuses a server whose certificate another CA signed', async () => {
    expect(await refusal({ DATABASE_SSL_CA_FILE: tls.otherCaFile })).toContain(
      'unable to verify the first certificate',
    );
  });

  it('refuses a host name the certificate does not name', async () => {
    const output = await refusal({ DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${port}/postgres` });
    expect(output).toMatch(/Hostname\/IP does not match certificate's altnames: IP: 127\.0\.0\.1 is not/);
  });

  it('is refused without TLS by the pg_hba.conf of the chart', async () => {
    const output = await refusal({ DATABASE_SSL_MODE: 'disable', DATABASE_SSL_CA_FILE: '' });
    expect(output).toMatch(/pg_hba\.conf rejects connection .* no encryption/);
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
