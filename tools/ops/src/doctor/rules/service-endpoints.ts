import type { Rule } from '../finding.js';

/** Services with a selector but no ready endpoint: nothing answers behind them. */
export const serviceEndpoints: Rule = {
  name: 'service-endpoints',
  check: (snapshot) =>
    snapshot.services
      .filter((service) => Object.keys(service.spec?.selector ?? {}).length > 0)
      .flatMap((service) => {
        const name = service.metadata!.name!;
        const slices = snapshot.endpointSlices.filter(
          (slice) => slice.metadata?.labels?.['kubernetes.io/service-name'] === name,
        );
        const ready = slices.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready !== false);
        if (ready.length > 0) return [];
        const selector = Object.entries(service.spec!.selector!).map(([k, v]) => `${k}=${v}`);
        const matching = snapshot.pods.filter((pod) =>
          Object.entries(service.spec!.selector!).every(([k, v]) => pod.metadata?.labels?.[k] === v),
        );
        return [
          {
            rule: 'service-endpoints',
            severity: 'error' as const,
            object: `service/${name}`,
            summary: 'service has no ready endpoints: requests to it fail',
            evidence: [
              `selector ${selector.join(',')} matches ${matching.length} pod(s)` +
                (matching.length
                  ? `: ${matching.map((p) => `${p.metadata!.name} (${p.status?.phase})`).join(', ')}`
                  : ''),
            ],
            fix: matching.length
              ? 'the matching pods are not Ready: see the pod findings above (probes, crash loops, pending)'
              : 'no pod carries the selector labels: check that the Deployment exists and its replicas are above 0',
          },
        ];
      }),
};
