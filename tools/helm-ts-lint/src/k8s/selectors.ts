import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';

export type LabelSelector = NonNullable<INetworkPolicyPeer['podSelector']>;

/** Whether a label selector matches labels; an empty selector matches everything. */
export function matchesSelector(selector: LabelSelector, labels: Record<string, string>): boolean {
  return (
    matchesLabels(selector.matchLabels ?? {}, labels) &&
    (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
      switch (operator) {
        case 'In':
          return key in labels && values.includes(labels[key]);
        case 'NotIn':
          return !(key in labels) || !values.includes(labels[key]);
        case 'Exists':
          return key in labels;
        case 'DoesNotExist':
          return !(key in labels);
        default:
          return false;
      }
    })
  );
}

/** Whether every `key: value` of a plain selector (a Service's) is among the labels. */
export function matchesLabels(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
}

/** A label selector the way kubectl writes it: `a=b,c in (d,e),f,!g`. */
export function formatSelector(selector: LabelSelector): string {
  const operators: Record<string, (key: string, values: string) => string> = {
    In: (key, values) => `${key} in (${values})`,
    NotIn: (key, values) => `${key} notin (${values})`,
    Exists: (key) => key,
    DoesNotExist: (key) => `!${key}`,
  };
  const expressions = (selector.matchExpressions ?? []).map(({ key, operator, values = [] }) =>
    (operators[operator] ?? ((k: string) => `${k} ${operator}`))(key, values.join(',')),
  );
  return [formatLabels(selector.matchLabels ?? {}), ...expressions].filter(Boolean).join(',') || '{}';
}

/** `key=value,key=value`, the way kubectl prints selectors. */
export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
