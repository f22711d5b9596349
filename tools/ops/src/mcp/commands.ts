// The mutating operations as commands of the project's own tooling, built as data (so they can be shown before
// they run) and run with their output captured.
import { spawn } from 'node:child_process';
import { relative, resolve } from 'node:path';
import type { OpsTarget } from '../kube/target.js';

export const WORKSPACE_ROOT = resolve(import.meta.dirname, '../../../..');
const BACKUP_CLI = relative(WORKSPACE_ROOT, resolve(import.meta.dirname, '../backup-cli.ts'));

export interface Command {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

const tsx = (script: string, ...args: string[]): Command => ({
  command: process.execPath,
  args: ['--conditions=@todo/source', '--import', 'tsx', script, ...args],
});

/** `nx run deploy:scale` (a helm upgrade that keeps every other value), for the target's context. */
export const scaleCommand = (target: OpsTarget, component: string, replicas: number): Command => ({
  command: 'npx',
  args: [
    'nx',
    'run',
    'deploy:scale',
    `--set=${component}.replicas=${replicas}`,
    `--release=${target.release}`,
    `--namespace=${target.namespace}`,
  ],
  env: target.context ? { KUBE_CONTEXT: target.context } : undefined,
});

/** helm rollback with the given helm (the pinned one: kubeTool of @todo/kube-tools). */
export const rollbackCommand = (target: OpsTarget, revision: number, helm: string): Command => ({
  command: helm,
  args: [
    'rollback',
    target.release,
    String(revision),
    '--namespace',
    target.namespace,
    ...(target.context ? ['--kube-context', target.context] : []),
    '--wait',
    '--timeout',
    '5m',
  ],
});

/** The backup target's CLI: a Job from the backup CronJob, against kubectl's current context. */
export const backupCommand = (target: OpsTarget): Command =>
  tsx(BACKUP_CLI, 'backup', `--namespace=${target.namespace}`, `--release=${target.release}`);

export const showCommand = (c: Command) =>
  [
    ...Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${v}`),
    c.command === process.execPath ? 'node' : c.command,
    ...c.args,
  ].join(' ');

/** Runs a command from the workspace root; resolves with its exit code and combined output (last 4000 chars). */
export function runCommand(c: Command): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const child = spawn(c.command, c.args, {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...c.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => done({ code: 127, output: error.message }));
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}
