import { componentOf, describeEvent, eventsFor, type Rule } from '../finding.js';

/** Running pods whose readiness or liveness probes fail (Unhealthy events). */
export const probes: Rule = {
  name: 'probes',
  check: (snapshot) =>
    snapshot.pods.flatMap((pod) => {
      const name = pod.metadata!.name!;
      const unhealthy = eventsFor(snapshot, 'Pod', name).filter((e) => e.reason === 'Unhealthy');
      if (unhealthy.length === 0) return [];
      const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      return [
        {
          rule: 'probes',
          severity: ready ? ('warning' as const) : ('error' as const),
          object: `pod/${name}`,
          summary: `probes fail${ready ? ' now and then (the pod is Ready)' : ': the pod is not Ready'}`,
          evidence: unhealthy.slice(-3).map(describeEvent),
          fix:
            `a failing readiness probe (/readyz) usually means the database is unreachable or migrations are pending: ` +
            `check the database pod and the migrations Job, then kubectl logs -n ${snapshot.target.namespace} ${name}; ` +
            `a slow start needs a longer startup probe for ${componentOf(pod)}`,
        },
      ];
    }),
};
