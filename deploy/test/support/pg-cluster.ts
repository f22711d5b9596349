import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@todo/local-stack/ports';

const run = promisify(execFile);
const PASSWORD = 'postgres';

/** The server and client binaries of the machine's PostgreSQL: `PG_BIN`, else Debian's /usr/lib/postgresql/<major>/bin (newest). */
export function findPgBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : existsSync(base)
      ? readdirSync(base)
          .sort((a, b) => Number(b) - Number(a))
          .map((major) => join(base, major, 'bin'))
      : [];
  return candidates.find((bin) =>
    ['initdb', 'pg_ctl', 'pg_dump', 'pg_restore', 'psql'].every((tool) => existsSync(join(bin, tool))),
  );
}

export const hasGpg = () => spawnSync('gpg', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * What the backup tests need: the server binaries' folder, and what is missing (empty when nothing is). Under
 * CI=true a missing tool throws: tools/ci/setup.sh installs them.
 */
export function backupTools(): { bin: string | undefined; missing: string } {
  const bin = findPgBin();
  const missing = [!bin && 'PostgreSQL server binaries (initdb, pg_ctl; or set PG_BIN)', !hasGpg() && 'gpg']
    .filter(Boolean)
    .join(' and ');
  if (missing && process.env.CI === 'true')
    throw new Error(`missing in CI: ${missing} (tools/ci/setup.sh installs postgresql-15 and gnupg)`);
  return { bin, missing };
}

export interface Cluster {
  /** postgres:// URL of `database`. */
  url(database: string): string;
  /** Runs SQL with psql (unaligned, tuples only) and returns its output. */
  psql(database: string, sql: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL cluster on 127.0.0.1 and a free port, with password authentication. As root, the server runs
 * as the OS user postgres (PostgreSQL refuses to run as root).
 */
export async function startCluster(
  bin: string,
  options: { flags?: string; host?: string; clientEnv?: Record<string, string> } = {},
): Promise<Cluster> {
  const dir = await mkdtemp(join(tmpdir(), 'backup-test-pg-'));
  const asRoot = userInfo().uid === 0;
  const asServer = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  const data = join(dir, 'data');
  await writeFile(join(dir, 'password'), PASSWORD);
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    await chmod(dir, 0o755);
    await chown(dir, Number(stdout), 0);
  }
  const port = await freePort();
  await asServer('initdb', ['-D', data, '-U', 'postgres', `--pwfile=${join(dir, 'password')}`, '-A', 'scram-sha-256']);
  await asServer('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories='' ${options.flags ?? ''}`,
    'start',
  ]);
  const url = (database: string) =>
    `postgres://postgres:${PASSWORD}@${options.host ?? '127.0.0.1'}:${port}/${database}`;
  return {
    url,
    async psql(database, sql) {
      const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url(database), '-c', sql];
      const env = { ...process.env, ...options.clientEnv };
      const { stdout } = await run(join(bin, 'psql'), args, { env, maxBuffer: 64 * 1024 * 1024 });
      return stdout.trim();
    },
    async stop() {
      await asServer('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
