import type { Rule } from '../finding.js';

/** HorizontalPodAutoscalers that cannot read their metrics, so never scale. */
export const hpaMetrics: Rule = {
  name: 'hpa-metrics',
  check: (snapshot) =>
    snapshot.hpas.flatMap((hpa) => {
      const inactive = hpa.status?.conditions?.find((c) => c.type === 'ScalingActive' && c.status === 'False');
      const noMetrics = (hpa.spec?.metrics?.length ?? 0) > 0 && (hpa.status?.currentMetrics ?? []).length === 0;
      if (!inactive && !noMetrics) return [];
      return [
        {
          rule: 'hpa-metrics',
          severity: 'warning' as const,
          object: `horizontalpodautoscaler/${hpa.metadata!.name}`,
          summary: 'the autoscaler has no metrics, so it cannot scale',
          evidence: inactive
            ? [`ScalingActive=False ${inactive.reason}: ${inactive.message ?? ''}`]
            : ['status.currentMetrics is empty'],
          fix:
            'install the metrics API: on Minikube minikube addons enable metrics-server; elsewhere deploy metrics-server ' +
            '(the containers also need CPU/memory requests, which the chart sets)',
        },
      ];
    }),
};
