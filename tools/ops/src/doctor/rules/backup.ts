import type { V1Job } from '@kubernetes/client-node';
import type { Finding, Rule } from '../finding.js';

const failed = (job: V1Job) => job.status?.conditions?.some((c) => c.type === 'Failed' && c.status === 'True');
const time = (value?: Date | string) => (value ? new Date(value).getTime() : 0);

/** The backup CronJob: suspended, or its last run did not succeed. */
export const backup: Rule = {
  name: 'backup',
  check: (snapshot) =>
    snapshot.cronJobs.flatMap((cron): Finding[] => {
      const name = cron.metadata!.name!;
      const jobs = snapshot.jobs
        .filter((job) => job.metadata?.ownerReferences?.some((o) => o.kind === 'CronJob' && o.name === name))
        .sort((a, b) => time(a.metadata?.creationTimestamp) - time(b.metadata?.creationTimestamp));
      const latest = jobs.at(-1);
      const lastSuccess = cron.status?.lastSuccessfulTime;
      const { namespace } = snapshot.target;
      if (cron.spec?.suspend)
        return [
          {
            rule: 'backup',
            severity: 'warning' as const,
            object: `cronjob/${name}`,
            summary: 'backups are suspended',
            evidence: [`spec.suspend=true; last success ${lastSuccess ?? 'never'}`],
            fix: `resume it: kubectl patch cronjob ${name} -n ${namespace} -p '{"spec":{"suspend":false}}'`,
          },
        ];
      if (!latest || !failed(latest)) return [];
      const reason = latest.status?.conditions?.find((c) => c.type === 'Failed')?.message ?? '';
      return [
        {
          rule: 'backup',
          severity: 'error' as const,
          object: `cronjob/${name}`,
          summary: 'the last backup failed',
          evidence: [
            `job ${latest.metadata?.name} failed: ${reason}`,
            `last successful backup: ${lastSuccess ? new Date(lastSuccess).toISOString() : 'never'}`,
          ],
          fix:
            `read the job's logs (kubectl logs -n ${namespace} job/${latest.metadata?.name}); run one now with ` +
            `npx nx run ops:backup; deploy/docs/backups.md lists the usual causes`,
        },
      ];
    }),
};
