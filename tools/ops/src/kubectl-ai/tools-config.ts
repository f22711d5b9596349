import { stringify } from 'yaml';
import type { OpsTarget } from '../kube/target.js';
import { nodeTs } from './node-command.js';

/** A kubectl-ai custom tool (--custom-tools-config): the model passes the rest of the command line. */
export interface CustomTool {
  name: string;
  description: string;
  command: string;
  command_desc: string;
  is_interactive: boolean;
}

const line = (file: string, ...args: string[]) => {
  const { command, args: base } = nodeTs(file);
  return [command, ...base, ...args].join(' ');
};

/** helm, and the project's own ops commands, for the target release. */
export function customTools(target: OpsTarget, helm: string): CustomTool[] {
  const scope = [`--namespace=${target.namespace}`, `--release=${target.release}`];
  return [
    {
      name: 'helm',
      description: `Helm, for the release "${target.release}" in namespace "${target.namespace}": history, status, values, rollback.`,
      command: helm,
      command_desc:
        `helm command line, e.g. helm history ${target.release} -n ${target.namespace}; helm status ${target.release} ` +
        `-n ${target.namespace}; helm get values ${target.release} -n ${target.namespace} --revision N; ` +
        `helm rollback ${target.release} N -n ${target.namespace} --wait`,
      is_interactive: false,
    },
    {
      name: 'todo_doctor',
      description:
        'Diagnoses the todo release: crash loops with their last logs, OOM kills, image pulls, pending pods, failing ' +
        'probes, services without endpoints, ingress, HPA metrics, full volumes, failed Helm releases, failed backups.',
      command: line('tools/ops/src/doctor-cli.ts', ...scope),
      command_desc: 'no arguments (text), or --json',
      is_interactive: false,
    },
    {
      name: 'todo_recommend',
      description: 'Suggests CPU/memory requests and limits and autoscaling for the todo release from observed usage.',
      command: line('tools/ops/src/recommend-cli.ts', ...scope),
      command_desc: '--samples N --interval SECONDS (metrics API polls), or --json',
      is_interactive: false,
    },
    {
      name: 'todo_backup',
      description: 'Backs up the todo database now (a Job from the backup CronJob) and prints the backup file name.',
      command: line('tools/ops/src/backup-cli.ts', 'backup', ...scope),
      command_desc: 'no arguments',
      is_interactive: false,
    },
  ];
}

export const customToolsYaml = (target: OpsTarget, helm: string) => stringify(customTools(target, helm));
