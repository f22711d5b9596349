import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { kubeTool } from '@todo/kube-tools';
import type { PgbouncerSettings } from '@todo/local-stack/pgbouncer';
import { chartDir } from '../../src/paths.js';

const run = promisify(execFile);

const podOnly = /^(listen_addr|listen_port|unix_socket_dir|auth_file)$/;

/**
 * Renders the chart with the pooler on (and `set`) and reads its pgbouncer.ini: the `[pgbouncer]` section less what
 * is the pod's (listening, the auth file), TLS files at their pod paths, and the connect query (the statement timeout).
 */
export async function renderPoolerSettings(set: string[] = []): Promise<PgbouncerSettings> {
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
  return { settings, connectQuery: /connect_query='([^']*)'/.exec(databases)?.[1] };
}
