// What `nx run ops:backup`, `ops:restore` and `ops:restore-drill` do, as kubectl calls: a backup Job
// created from the chart's CronJob, or a restore Job built from its pod template, followed to the end.

/** How the jobs talk to the cluster: kubectl with arguments (and stdin); rejects with kubectl's stderr. */
export interface Kubectl {
  run(args: string[], input?: string): Promise<string>;
  /** Like run, with the output also shown as it comes (job logs). */
  stream(args: string[]): Promise<string>;
}

export interface Target {
  namespace: string;
  release: string;
}

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/** A failure explained in one line. */
export class BackupError extends Error {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kubectl's JSON, read field by field
type Json = any;

const FILE = /^todo-\d{8}T\d{6}Z\.dump\.gpg$/;
const POLL_MS = 2_000;
const TIMEOUT_MS = 65 * 60_000; // the Jobs' activeDeadlineSeconds (an hour), and a margin
const firstLine = (error: unknown) =>
  String((error as Error).message ?? error)
    .trim()
    .split('\n')[0];
const stamp = (date: Date) => date.toISOString().replace(/\D/g, '').slice(0, 14);

async function cronJob(kubectl: Kubectl, { namespace, release }: Target): Promise<Json> {
  try {
    await kubectl.run(['config', 'current-context']);
  } catch {
    throw new BackupError('no kubectl context: point kubectl at the cluster first (kubectl config use-context <name>)');
  }
  const name = `${release}-backup`;
  try {
    return JSON.parse(await kubectl.run(['-n', namespace, 'get', 'cronjob', name, '-o', 'json']));
  } catch (error) {
    if (/not ?found/i.test(String(error)))
      throw new BackupError(
        `CronJob ${name} not found in namespace ${namespace}: install the chart with backup.enabled=true (or pass --namespace/--release)`,
      );
    throw new BackupError(`cannot read CronJob ${name}: ${firstLine(error)}`);
  }
}

/** Streams the job's container logs, then waits for the Job to complete; returns the logs. */
async function follow(kubectl: Kubectl, clock: Clock, namespace: string, job: string, container: string) {
  let logs = '';
  try {
    logs = await kubectl.stream([
      ...['-n', namespace, 'logs', '-f', `job/${job}`, '-c', container, '--pod-running-timeout=10m'],
    ]);
  } catch (error) {
    console.error(`cannot follow the logs of job/${job}: ${firstLine(error)}`);
  }
  const started = clock.now().getTime();
  for (;;) {
    const status: Json = JSON.parse(await kubectl.run(['-n', namespace, 'get', 'job', job, '-o', 'json'])).status;
    const condition = (type: string) =>
      (status?.conditions ?? []).some((c: Json) => c.type === type && c.status === 'True');
    if (condition('Complete')) return logs;
    if (condition('Failed'))
      throw new BackupError(`job/${job} failed (logs above): kubectl -n ${namespace} describe job/${job}`);
    if (clock.now().getTime() - started > TIMEOUT_MS)
      throw new BackupError(`job/${job} has not finished after an hour: kubectl -n ${namespace} describe job/${job}`);
    await clock.sleep(POLL_MS);
  }
}

/** Backs up now: a Job from the CronJob, followed to the end. Returns the backup's file name. */
export async function backupNow(kubectl: Kubectl, target: Target, clock: Clock): Promise<string> {
  const cron = await cronJob(kubectl, target);
  const job = `${cron.metadata.name}-now-${stamp(clock.now())}`;
  await kubectl.run(['-n', target.namespace, 'create', 'job', job, `--from=cronjob/${cron.metadata.name}`]);
  const logs = await follow(kubectl, clock, target.namespace, job, 'backup');
  const file = /^backup: wrote (\S+\.dump\.gpg)/m.exec(logs)?.[1];
  if (!file) throw new BackupError(`job/${job} completed but its logs name no backup file`);
  return file;
}

/** The restore Job: the CronJob's pod, its backup container running restore.sh instead, never retried. */
export function restoreJob(cron: Json, name: string, file: string, drill: boolean): Json {
  const template = cron.spec.jobTemplate.spec.template;
  const spec = template.spec;
  const backup = [...(spec.initContainers ?? []), ...spec.containers].find((c: Json) => c.name === 'backup');
  if (!backup) throw new BackupError(`CronJob ${cron.metadata.name} has no container named backup`);
  const rest = { ...spec };
  delete rest.initContainers;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: cron.metadata.namespace, labels: template.metadata?.labels },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: 3600,
      ttlSecondsAfterFinished: 7 * 24 * 3600,
      template: {
        metadata: { labels: template.metadata?.labels },
        spec: {
          ...rest,
          containers: [
            {
              ...backup,
              name: 'restore',
              command: ['bash', '/scripts/restore.sh', ...(drill ? ['--drill'] : []), file],
            },
          ],
        },
      },
    },
  };
}

/** Restores `from` (a file name on the backup volume, or `latest`), or with `drill` proves it restores. */
export async function restore(
  kubectl: Kubectl,
  target: Target,
  clock: Clock,
  { from, drill }: { from?: string; drill: boolean },
): Promise<void> {
  if (!from && !drill)
    throw new BackupError('restore needs --from=<file>: a todo-<time>.dump.gpg from nx run ops:backup, or latest');
  const file = from ?? 'latest';
  if (file !== 'latest' && !FILE.test(file))
    throw new BackupError(`--from=${file}: expected a file name like todo-20250101T030000Z.dump.gpg, or latest`);
  const cron = await cronJob(kubectl, target);
  const name = `${target.release}-restore${drill ? '-drill' : ''}-${stamp(clock.now())}`;
  await kubectl.run(['-n', target.namespace, 'create', '-f', '-'], JSON.stringify(restoreJob(cron, name, file, drill)));
  await follow(kubectl, clock, target.namespace, name, 'restore');
}
