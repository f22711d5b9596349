/** A Kubernetes object as rendered by `helm template`: only the type meta and metadata are known up front. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

export interface Finding {
  /** Rule id, e.g. `schema`, `containers`, `network`. */
  rule: string;
  /** `Kind/name` of the offending object. */
  object: string;
  /** Where in the object, e.g. `spec.template.spec.containers[0].resources.limits`. */
  path?: string;
  message: string;
}

/** A finding before the linter stamps it with its rule id. */
export type Issue = Omit<Finding, 'rule'>;

export interface LintOptions {
  /** Secrets created outside the chart (by an operator, by hand): references to them are not errors. */
  existingSecrets?: string[];
}

export interface Rule {
  id: string;
  check(objects: K8sObject[], options: LintOptions): Issue[];
}
