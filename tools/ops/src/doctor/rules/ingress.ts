import type { Finding, Rule } from '../finding.js';

/** Ingresses without an address, and ingresses whose class has no controller (Minikube's addon not enabled). */
export const ingress: Rule = {
  name: 'ingress',
  check: (snapshot) =>
    snapshot.ingresses.flatMap((ing): Finding[] => {
      const name = ing.metadata!.name!;
      const className = ing.spec?.ingressClassName;
      const classes = snapshot.ingressClasses;
      if (className && classes && !classes.some((c) => c.metadata?.name === className))
        return [
          {
            rule: 'ingress',
            severity: 'error' as const,
            object: `ingress/${name}`,
            summary: `ingress class "${className}" does not exist: no controller serves this ingress`,
            evidence: [`ingress classes in the cluster: ${classes.map((c) => c.metadata?.name).join(', ') || 'none'}`],
            fix: 'on Minikube: minikube addons enable ingress; elsewhere install the controller or set ingress.className',
          },
        ];
      if ((ing.status?.loadBalancer?.ingress ?? []).length === 0)
        return [
          {
            rule: 'ingress',
            severity: 'warning' as const,
            object: `ingress/${name}`,
            summary: 'ingress has no address yet',
            evidence: [
              `hosts: ${(ing.spec?.rules ?? []).map((r) => r.host ?? '*').join(', ')}; status.loadBalancer is empty`,
            ],
            fix:
              'the ingress controller has not admitted it: check its pods (kubectl get pods -n ingress-nginx); ' +
              'on Minikube: minikube addons enable ingress',
          },
        ];
      return [];
    }),
};
