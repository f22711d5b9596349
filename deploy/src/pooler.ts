import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { kubeTool } from '@todo/kube-tools';
import { chartDir } from './paths.js';

const run = promisify(execFile);

/** PgBouncer as the chart configures it (database.pooler.enabled), for a real pgbouncer here. */
export interface PoolerSettings {
  /** The `[pgbouncer]` section, less what is the pod's (listening, the auth file); TLS files at their pod paths. */
  settings: Record<string, string>;
  /** What each server connection runs first (the statement timeout). */
  connectQuery: string | undefined;
  poolSize: number;
}

const podOnly = /^(listen_addr|listen_port|unix_socket_dir|auth_file)$/;

/** Renders the chart with the pooler on (and `set`) and reads its pgbouncer.ini. */
export async function renderPoolerSettings(set: string[] = []): Promise<PoolerSettings> {
  const args = ['template', 'todo', chartDir, '-n', 'todo', '--set', 'database.pooler.enabled=true'];
  const { stdout } = await run(await kubeTool('helm'), [...args, ...set.flatMap((s) => ['--set', s])], {
    maxBuffer: 32 * 1024 * 1024,
  });
  const configMap = parseAllDocuments(stdout)
    .map((d) => d.toJS())
    .find((o) => o?.kind === 'ConfigMap' && o.metadata.name === 'todo-pooler');
  const ini: string = configMap.data['pgbouncer.ini'];
  const [databases = '', pgbouncer = ''] = ini.split('[pgbouncer]');
  const settings = Object.fromEntries(
    pgbouncer
      .split('\n')
      .map((line) => /^\s*([a-z_]+)\s*=\s*(.*?)\s*$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null && !podOnly.test(match[1]))
      .map((match) => [match[1], match[2]]),
  );
  return {
    settings,
    connectQuery: /connect_query='([^']*)'/.exec(databases)?.[1],
    poolSize: Number(settings.default_pool_size),
  };
}
