import { objectId } from './k8s/objects.js';
import { rules } from './rules/index.js';
import type { Finding, K8sObject, LintOptions } from './types.js';

/**
 * An object opts out of one rule with the annotation `ignore-check.helm-ts-lint/<rule id>: <reason>` (the reason
 * is required, so every exception explains itself where it is made).
 */
export const IGNORE_PREFIX = 'ignore-check.helm-ts-lint/';

function exempted(objects: K8sObject[]): Set<string> {
  const keys = new Set<string>();
  for (const object of objects)
    for (const [key, reason] of Object.entries(object.metadata?.annotations ?? {}))
      if (key.startsWith(IGNORE_PREFIX) && reason.trim())
        keys.add(`${key.slice(IGNORE_PREFIX.length)} ${objectId(object)}`);
  return keys;
}

/** Runs every rule over the manifests of one release, leaving out the exceptions objects declare. */
export function lintManifests(objects: K8sObject[], options: LintOptions = {}): Finding[] {
  const skip = exempted(objects);
  return rules
    .flatMap((rule) => rule.check(objects, options).map((issue) => ({ rule: rule.id, ...issue })))
    .filter((finding) => !skip.has(`${finding.rule} ${finding.object}`));
}
