import { componentOf, type Rule } from '../finding.js';

export const crashLoop: Rule = {
  name: 'crash-loop',
  check: (snapshot) =>
    snapshot.pods.flatMap((pod) =>
      (pod.status?.containerStatuses ?? [])
        .filter((c) => c.state?.waiting?.reason === 'CrashLoopBackOff')
        .map((c) => {
          const name = pod.metadata!.name!;
          const last = c.lastState?.terminated;
          const logs = snapshot.logs[`${name}/${c.name}`];
          return {
            rule: 'crash-loop',
            severity: 'error' as const,
            object: `pod/${name}`,
            summary: `container ${c.name} is in CrashLoopBackOff (${c.restartCount} restarts)`,
            evidence: [
              last ? `last exit: code ${last.exitCode}, reason ${last.reason ?? 'none'}` : 'no previous exit recorded',
              logs ? `last log lines:\n${logs}` : 'no logs from the previous run',
            ],
            fix:
              `read the error in the logs above (kubectl logs -n ${snapshot.target.namespace} ${name} -c ${c.name} --previous); ` +
              `a configuration error names the variable: fix it in deploy/environments/<env>.yaml and ` +
              `npx nx deploy ${componentOf(pod)}`,
          };
        }),
    ),
};
