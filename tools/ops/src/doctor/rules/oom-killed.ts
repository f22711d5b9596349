import { componentOf, type Rule } from '../finding.js';

export const oomKilled: Rule = {
  name: 'oom-killed',
  check: (snapshot) =>
    snapshot.pods.flatMap((pod) =>
      (pod.status?.containerStatuses ?? [])
        .filter((c) => c.lastState?.terminated?.reason === 'OOMKilled' || c.state?.terminated?.reason === 'OOMKilled')
        .map((c) => {
          const limit = pod.spec?.containers.find((s) => s.name === c.name)?.resources?.limits?.memory ?? 'none';
          const component = componentOf(pod);
          return {
            rule: 'oom-killed',
            severity: 'error' as const,
            object: `pod/${pod.metadata!.name}`,
            summary: `container ${c.name} was killed for using more memory than its limit (${limit})`,
            evidence: [
              `last termination: OOMKilled at ${c.lastState?.terminated?.finishedAt ?? c.state?.terminated?.finishedAt}`,
              `memory limit ${limit}, ${c.restartCount} restarts`,
            ],
            fix:
              `raise ${component}.resources.limits.memory (npx nx run ops:recommend suggests a value from real ` +
              `usage), then npx nx deploy ${component} --values <file>`,
          };
        }),
    ),
};
