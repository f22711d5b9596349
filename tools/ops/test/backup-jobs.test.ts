import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kubeTool } from '@todo/kube-tools';
import { backupNow, restore, restoreJob, type Kubectl } from '../src/backup-jobs.js';
import { CHART_DIR } from '../src/chart-limits.js';

// The kubectl calls of the backup targets. No cluster runs here: kubectl is a fake answering from fixtures, and the
// CronJob it returns is the chart's own, rendered by the real helm.
const run = promisify(execFile);
const target = { namespace: 'todo', release: 'todo' };
const NOW = new Date('2026-03-04T05:06:07Z');
const FILE = 'todo-20260304T050607Z.dump.gpg';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kubectl's JSON, read field by field
type Json = any;

async function renderCronJob(...set: string[]): Promise<Json> {
  const args = ['template', 'todo', CHART_DIR, '-n', 'todo', '--show-only', 'templates/backup/cronjob.yaml'];
  const { stdout } = await run(await kubeTool('helm'), [...args, ...set.flatMap((s) => ['--set', s])]);
  return parse(stdout);
}

interface Call {
  args: string[];
  input?: string;
}

/** kubectl answering each call with the first matching handler's result (an Error is thrown, as kubectl fails). */
function fake(handlers: [RegExp, (call: Call) => string | Error][]) {
  const calls: Call[] = [];
  const answer = async (args: string[], input?: string) => {
    calls.push(input === undefined ? { args } : { args, input });
    const handler = handlers.find(([pattern]) => pattern.test(args.join(' ')));
    const result = handler ? handler[1]({ args, input }) : '';
    if (result instanceof Error) throw result;
    return result;
  };
  const kubectl: Kubectl = { run: answer, stream: answer };
  return { kubectl, calls };
}

const jobStatus = (...types: string[]) =>
  JSON.stringify({ status: { conditions: types.map((type) => ({ type, status: 'True' })) } });
/** The Job's status: running for the first `polls` reads, then `final`. */
const statusAfter = (polls: number, final: string) => {
  let reads = 0;
  return () => (reads++ < polls ? jobStatus() : jobStatus(final));
};
const sleeps: number[] = [];
const clock = { now: () => NOW, sleep: async (ms: number) => void sleeps.push(ms) };

describe('backup targets', () => {
  let cronJob: Json;
  let cronJobS3: Json;
  beforeAll(async () => {
    cronJob = await renderCronJob();
    cronJobS3 = await renderCronJob('backup.s3.enabled=true', 'backup.s3.bucket=b', 'backup.s3.existingSecret=s3');
  });
  const cluster = (status: () => string, logs = `backup: starting\nbackup: wrote ${FILE} (12K)\n${FILE}\n`) =>
    fake([
      [/^config current-context$/, () => 'minikube\n'],
      [/get cronjob todo-backup -o json$/, () => JSON.stringify(cronJob)],
      [/ logs -f /, () => logs],
      [/ get job /, status],
    ]);

  it('backup: a Job from the CronJob, its logs followed until it completes; prints the file', async () => {
    const { kubectl, calls } = cluster(statusAfter(1, 'Complete'));
    sleeps.length = 0;
    expect(await backupNow(kubectl, target, clock)).toBe(FILE);
    const job = 'todo-backup-now-20260304050607';
    expect(calls.map((c) => c.args.join(' '))).toEqual([
      'config current-context',
      '-n todo get cronjob todo-backup -o json',
      `-n todo create job ${job} --from=cronjob/todo-backup`,
      `-n todo logs -f job/${job} -c backup --pod-running-timeout=10m`,
      `-n todo get job ${job} -o json`,
      `-n todo get job ${job} -o json`,
    ]);
    expect(sleeps).toEqual([2000]);
  });

  it('backup: a failed Job is an error naming it', async () => {
    const { kubectl } = cluster(statusAfter(0, 'Failed'));
    await expect(backupNow(kubectl, target, clock)).rejects.toThrow(
      'job/todo-backup-now-20260304050607 failed (logs above): kubectl -n todo describe job/todo-backup-now-20260304050607',
    );
  });

  it('backup: logs without a file name are an error', async () => {
    const { kubectl } = cluster(statusAfter(0, 'Complete'), 'backup: starting\n');
    await expect(backupNow(kubectl, target, clock)).rejects.toThrow('completed but its logs name no backup file');
  });

  it('says so in one line without a kubectl context', async () => {
    const { kubectl, calls } = fake([[/^config current-context$/, () => new Error('current-context is not set')]]);
    await expect(backupNow(kubectl, target, clock)).rejects.toThrow(
      'no kubectl context: point kubectl at the cluster first (kubectl config use-context <name>)',
    );
    expect(calls).toHaveLength(1);
  });

  it('says so in one line when the chart was installed without backups', async () => {
    const { kubectl, calls } = fake([
      [/get cronjob/, () => new Error('Error from server (NotFound): cronjobs.batch "todo-backup" not found')],
    ]);
    await expect(backupNow(kubectl, { namespace: 'shop', release: 'todo' }, clock)).rejects.toThrow(
      'CronJob todo-backup not found in namespace shop: install the chart with backup.enabled=true',
    );
    expect(calls.map((c) => c.args.join(' '))).toEqual([
      'config current-context',
      '-n shop get cronjob todo-backup -o json',
    ]);
  });

  it('restore: needs --from, a backup file name or latest, before calling kubectl', async () => {
    const { kubectl, calls } = cluster(statusAfter(0, 'Complete'));
    await expect(restore(kubectl, target, clock, { drill: false })).rejects.toThrow(
      'restore needs --from=<file>: a todo-<time>.dump.gpg from nx run ops:backup, or latest',
    );
    await expect(restore(kubectl, target, clock, { from: '../etc/passwd', drill: false })).rejects.toThrow(
      '--from=../etc/passwd: expected a file name like todo-20250101T030000Z.dump.gpg, or latest',
    );
    expect(calls).toEqual([]);
  });

  it('restore: a Job running restore.sh in the backup pod, never retried, followed to the end', async () => {
    const { kubectl, calls } = cluster(statusAfter(2, 'Complete'));
    await restore(kubectl, target, clock, { from: FILE, drill: false });
    const job = 'todo-restore-20260304050607';
    expect(calls.map((c) => c.args.join(' '))).toEqual([
      'config current-context',
      '-n todo get cronjob todo-backup -o json',
      '-n todo create -f -',
      `-n todo logs -f job/${job} -c restore --pod-running-timeout=10m`,
      ...Array(3).fill(`-n todo get job ${job} -o json`),
    ]);
    expect(JSON.parse(calls[2].input!)).toEqual(restoreJob(cronJob, job, FILE, false));
  });

  it('restore: a failed restore is an error', async () => {
    const { kubectl } = cluster(statusAfter(0, 'Failed'));
    await expect(restore(kubectl, target, clock, { from: 'latest', drill: false })).rejects.toThrow(
      /^job\/todo-restore-20260304050607 failed/,
    );
  });

  it('drill: the newest backup unless --from says otherwise', async () => {
    const { kubectl, calls } = cluster(statusAfter(0, 'Complete'));
    await restore(kubectl, target, clock, { drill: true });
    const job = JSON.parse(calls[2].input!);
    expect(job.metadata.name).toBe('todo-restore-drill-20260304050607');
    expect(job.spec.template.spec.containers[0].command).toEqual(['bash', '/scripts/restore.sh', '--drill', 'latest']);
  });

  describe('the restore Job', () => {
    it.each([
      ['without', () => cronJob],
      ['with', () => cronJobS3],
    ])('%s the S3 upload: the backup container alone, as the pod the network policies let in', (_, source) => {
      const cron = source();
      const job = restoreJob(cron, 'todo-restore-x', FILE, false);
      const pod = cron.spec.jobTemplate.spec.template;
      const backup = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find(
        (c: Json) => c.name === 'backup',
      );
      expect(job.metadata).toEqual({ name: 'todo-restore-x', namespace: 'todo', labels: pod.metadata.labels });
      expect(job.metadata.labels['app.kubernetes.io/component']).toBe('backup');
      expect(job.spec.backoffLimit).toBe(0);
      const spec = job.spec.template.spec;
      expect(spec.initContainers).toBeUndefined();
      expect(spec.containers).toEqual([{ ...backup, name: 'restore', command: ['bash', '/scripts/restore.sh', FILE] }]);
      for (const field of ['securityContext', 'volumes', 'serviceAccountName', 'automountServiceAccountToken'])
        expect(spec[field]).toEqual(pod.spec[field]);
    });

    it('connects as the backups do with database TLS: verify-full with the CA', async () => {
      const spec = restoreJob(await renderCronJob('database.tls.enabled=true'), 'todo-restore-x', 'latest', false).spec
        .template.spec;
      const [restore] = spec.containers;
      expect(Object.fromEntries(restore.env.map((e: Json) => [e.name, e.value]))).toMatchObject({
        PGSSLMODE: 'verify-full',
        PGSSLROOTCERT: '/etc/database-tls/ca.crt',
      });
      expect(restore.volumeMounts).toContainEqual(
        expect.objectContaining({ name: 'database-ca', mountPath: '/etc/database-tls' }),
      );
      expect(spec.volumes.find((v: Json) => v.name === 'database-ca').secret.secretName).toBe('todo-database-tls');
    });
  });
});
