import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './support/backend.js';
import { renderDatabaseTls, type DatabaseTls } from './support/database-tls.js';
import { backupTools, startCluster, type Cluster } from './support/pg-cluster.js';

// The backup and restore scripts over the TLS the chart sets up (database.tls.enabled): a real server with the
// chart's certificate and pg_hba.conf (TLS only), the scripts with the PGSSLMODE and PGSSLROOTCERT of the CronJob.
const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const scripts = join(root, 'deploy/charts/todo/files/backup');
const { bin, missing } = backupTools();

describe.skipIf(!!missing)(`backups over TLS${missing ? ` (skipped: ${missing} not installed)` : ''}`, () => {
  let tls: DatabaseTls;
  let cluster: Cluster;
  let work: string;
  const tlsEnv = () => ({ PGSSLMODE: 'verify-full', PGSSLROOTCERT: tls.caFile });

  const script = async (name: string, args: string[], env: Record<string, string> = {}) => {
    const options = {
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        DATABASE_URL: cluster.url('todo'),
        BACKUP_DIR: work,
        BACKUP_KEY_FILE: join(work, '.key'),
        ...tlsEnv(),
        ...env,
      },
    };
    try {
      const { stdout, stderr } = await run('bash', [join(scripts, name), ...args], options);
      return { code: 0, stdout, stderr };
    } catch (error) {
      return error as { code: number; stdout: string; stderr: string };
    }
  };

  beforeAll(async () => {
    tls = await renderDatabaseTls(['database.tls.extraDnsNames={localhost}']);
    cluster = await startCluster(bin!, { flags: tls.flags.join(' '), host: 'localhost', clientEnv: tlsEnv() });
    await cluster.psql('postgres', 'CREATE DATABASE todo');
    const migrated = await migrate({
      DATABASE_URL: cluster.url('todo'),
      DATABASE_SSL_MODE: 'verify-full',
      DATABASE_SSL_CA_FILE: tls.caFile,
    });
    expect(migrated).toMatchObject({ code: 0 });
    work = await mkdtemp(join(tls.dir, 'backups-'));
    await writeFile(join(work, '.key'), 'a-long-random-backup-key-0123456789');
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
    await tls?.remove();
  });

  it('backs up and drills a restore with verify-full against the chart CA', async () => {
    const backup = await script('backup.sh', []);
    expect(backup.code, backup.stderr).toBe(0);
    const drill = await script('restore.sh', ['--drill', 'latest']);
    expect(drill.code, drill.stderr).toBe(0);
  });

  it('fails on a CA that did not sign the server certificate, and without TLS', async () => {
    const wrongCa = await script('backup.sh', [], { PGSSLROOTCERT: tls.otherCaFile });
    expect(wrongCa.code).not.toBe(0);
    expect(wrongCa.stderr).toMatch(/certificate verify failed/);
    const plain = await script('backup.sh', [], { PGSSLMODE: 'disable' });
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toMatch(/pg_hba\.conf rejects connection .* no encryption/);
  });
});
