import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real PgBouncer (Debian's package, or `PGBOUNCER`) on 127.0.0.1 in front of a PostgreSQL server. */
export interface LocalPgbouncer {
  port: number;
  /** postgres:// URL of `database` through the pooler. */
  url(database: string): string;
  stop(): Promise<void>;
}

/** `[pgbouncer]` settings (no listening, logins or user list: startLocalPgbouncer sets those) and a connect query. */
export interface PgbouncerSettings {
  settings: Record<string, string>;
  /** What each server connection runs first. */
  connectQuery?: string;
}

/**
 * Transaction mode as the chart's pgbouncer.ini sets it with its default values (database.pooler.enabled, no TLS),
 * for the tests through PgBouncer. deploy/test/pooler-settings.test.ts renders the chart and requires these.
 */
export const TRANSACTION_POOLING: PgbouncerSettings = {
  settings: {
    auth_type: 'scram-sha-256',
    stats_users: 'todo',
    pool_mode: 'transaction',
    default_pool_size: '20',
    max_client_conn: '1000',
    max_db_connections: '20',
    query_wait_timeout: '3',
    server_connect_timeout: '5',
    server_login_retry: '1',
    server_idle_timeout: '300',
    ignore_startup_parameters: 'extra_float_digits',
    log_connections: '0',
    log_disconnections: '0',
    stats_period: '60',
  },
  connectQuery: 'SET statement_timeout = 10000',
};

/** The pgbouncer binary, or undefined when it is not installed. */
export function findPgbouncer(): string | undefined {
  const binary = process.env.PGBOUNCER || (spawnSync('pgbouncer', ['--version']).status === 0 ? 'pgbouncer' : '');
  if (binary) return binary;
  // Debian installs it under /usr/sbin, which a user's PATH may lack.
  return spawnSync('/usr/sbin/pgbouncer', ['--version']).status === 0 ? '/usr/sbin/pgbouncer' : undefined;
}

/** Why tests through PgBouncer skip here (undefined: installed); CI installs it (tools/ci/setup.sh), so there it throws. */
export function pgbouncerMissing(): string | undefined {
  if (findPgbouncer()) return undefined;
  const reason = 'pgbouncer is not installed (apt-get install pgbouncer)';
  if (process.env.CI === 'true') throw new Error(`missing in CI: ${reason}`);
  return reason;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(!!socket.end()));
    socket.once('error', () => resolve(false));
  });

/**
 * Starts PgBouncer on `port` with the `[pgbouncer]` settings given (the chart's, say), routing every database to
 * the server at `serverPort` (with `connectQuery` run on each new server connection). Listening, logins and the
 * user list are set here; the rest is the caller's. As root, it runs as the OS user `postgres` (it refuses root).
 */
export async function startLocalPgbouncer(options: {
  port: number;
  serverPort: number;
  /** The server's name as PgBouncer connects to it (what `server_tls_sslmode = verify-full` checks). */
  serverHost?: string;
  user: string;
  password: string;
  settings?: Record<string, string>;
  connectQuery?: string;
  binary?: string;
}): Promise<LocalPgbouncer> {
  const binary = options.binary ?? findPgbouncer();
  if (!binary) throw new Error('pgbouncer is not installed (apt-get install pgbouncer, or set PGBOUNCER)');
  const dir = await mkdtemp(join(tmpdir(), 'todo-pgbouncer-'));
  await chmod(dir, 0o755);
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  await writeFile(join(dir, 'userlist.txt'), `${quote(options.user)} ${quote(options.password)}\n`, { mode: 0o644 });
  const connectQuery = options.connectQuery ? ` connect_query='${options.connectQuery.replace(/'/g, "''")}'` : '';
  const settings = {
    ...options.settings,
    listen_addr: '127.0.0.1',
    listen_port: String(options.port),
    unix_socket_dir: '',
    auth_file: join(dir, 'userlist.txt'),
    logfile: '',
    pidfile: '',
  };
  const ini = [
    '[databases]',
    `* = host=${options.serverHost ?? '127.0.0.1'} port=${options.serverPort}${connectQuery}`,
    '[pgbouncer]',
    ...Object.entries(settings).map(([key, value]) => `${key} = ${value}`),
  ].join('\n');
  await writeFile(join(dir, 'pgbouncer.ini'), `${ini}\n`, { mode: 0o644 });
  const asRoot = process.getuid?.() === 0;
  const child = spawn(binary, [...(asRoot ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  for (const deadline = Date.now() + 10_000; !(await accepts(options.port));) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`pgbouncer did not start: ${output.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port: options.port,
    url: (database) =>
      `postgres://${encodeURIComponent(options.user)}:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${database}`,
    async stop() {
      const done = exited(child);
      child.kill('SIGINT'); // immediate shutdown
      await done;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
