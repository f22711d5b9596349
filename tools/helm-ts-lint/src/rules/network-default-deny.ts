import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { list, ofKind } from '../k8s/objects.js';
import { podTemplates } from '../k8s/pods.js';
import { matchesSelector } from '../k8s/selectors.js';
import { policyTypes } from '../network/policies.js';
import type { Rule } from '../types.js';

/** A policy with no rules for both directions that selects every pod of the manifests: `{}`, or the release's label. */
function deniesAll(policy: INetworkPolicy, podLabels: Record<string, string>[]): boolean {
  const types = policyTypes(policy);
  const selector = policy.spec?.podSelector ?? {};
  return (
    podLabels.every((labels) => matchesSelector(selector, labels)) &&
    types.includes('Ingress') &&
    types.includes('Egress') &&
    list(policy.spec?.ingress).length === 0 &&
    list(policy.spec?.egress).length === 0
  );
}

/** Some NetworkPolicy denies all traffic to and from every pod by default: policyTypes Ingress and Egress, no rules. */
export const networkDefaultDeny: Rule = {
  id: 'network',
  check: (objects) =>
    ofKind<INetworkPolicy>(objects, 'NetworkPolicy').some((policy) =>
      deniesAll(
        policy,
        podTemplates(objects).map((t) => t.labels),
      ),
    )
      ? []
      : [
          {
            object: 'NetworkPolicy/*',
            message:
              'no default-deny NetworkPolicy (a podSelector matching every pod, policyTypes [Ingress, Egress], no rules)',
          },
        ],
};
