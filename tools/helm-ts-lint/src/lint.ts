import { rules } from './rules/index.js';
import type { Finding, K8sObject, LintOptions } from './types.js';

/** Runs every rule over the manifests of one release. */
export function lintManifests(objects: K8sObject[], options: LintOptions = {}): Finding[] {
  return rules.flatMap((rule) => rule.check(objects, options).map((issue) => ({ rule: rule.id, ...issue })));
}
