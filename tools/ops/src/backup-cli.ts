// The ops project's backup targets (the Jobs are backup-jobs.ts), against the current kubectl context:
//   backup-cli.ts backup                        back up now; prints the backup's file name
//   backup-cli.ts restore --from=<file|latest>  restore into the live database
//   backup-cli.ts drill [--from=<file>]         restore into a scratch database, verify, drop it (default: latest)
// Options: --namespace (default todo), --release (default todo).
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { parseCli, refuse } from '@todo/cli';
import { kubeTool } from '@todo/kube-tools';
import { backupNow, BackupError, restore, type Kubectl } from './backup-jobs.js';

const run = promisify(execFile);

function realKubectl(binary: string): Kubectl {
  return {
    async run(args, input) {
      try {
        const child = run(binary, args, { maxBuffer: 64 * 1024 * 1024 });
        if (input !== undefined) child.child.stdin?.end(input);
        return (await child).stdout;
      } catch (error) {
        throw new Error(((error as { stderr?: string }).stderr || (error as Error).message).trim());
      }
    },
    stream: (args) =>
      new Promise((resolve, reject) => {
        const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk;
          process.stderr.write(chunk);
        });
        child.stderr.on('data', (chunk: Buffer) => (err += chunk));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(err.trim() || `exit ${code}`))));
      }),
  };
}

const { positionals, values } = parseCli({
  usage: `Usage: backup-cli.ts <backup|restore|drill> [--from=<file|latest>] [--namespace=todo] [--release=todo]
       (npx nx run ops:backup, ops:restore --from=<file|latest>, ops:restore-drill)

backup   back up now (a Job from the backup CronJob); prints the backup's file name
restore  restore --from=<file|latest> into the live database
drill    restore into a scratch database, verify every table, drop it (default: latest)

Uses the cluster of the current kubectl context. See deploy/docs/backups.md.`,
  allowPositionals: true,
  options: {
    from: { type: 'string' },
    namespace: { type: 'string', default: 'todo' },
    release: { type: 'string', default: 'todo' },
  },
});
const [command, ...extra] = positionals;
if (!['backup', 'restore', 'drill'].includes(command))
  refuse(command ? `unknown command "${command}": use backup, restore or drill` : 'backup, restore or drill?');
if (extra.length > 0) refuse(`unexpected argument "${extra[0]}"`);
if (command === 'restore' && !values.from) refuse('restore needs --from=<file|latest>');
if (command === 'backup' && values.from) refuse('--from goes with restore or drill');
const target = { namespace: values.namespace, release: values.release };
const clock = { now: () => new Date(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

try {
  const kubectl = realKubectl(await kubeTool('kubectl'));
  if (command === 'backup') console.log(await backupNow(kubectl, target, clock));
  else if (command === 'restore') await restore(kubectl, target, clock, { from: values.from, drill: false });
  else await restore(kubectl, target, clock, { from: values.from, drill: true });
} catch (error) {
  console.error(error instanceof BackupError ? error.message : `backup-cli.ts ${command}: ${(error as Error).message}`);
  process.exit(1);
}
