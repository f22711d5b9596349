import { INJECT, isMeshed, NATIVE_SIDECAR } from '../k8s/mesh.js';
import { podTemplates, runsToCompletion, type PodTemplate } from '../k8s/pods.js';
import type { Issue, Rule } from '../types.js';

/** Hooks that run before the release's objects (its NetworkPolicies) are applied. */
function runsBeforeRelease(template: PodTemplate): boolean {
  const hooks = template.object.metadata?.annotations?.['helm.sh/hook'] ?? '';
  return /\bpre-(install|upgrade)\b/.test(hooks);
}

function problem(template: PodTemplate): string | undefined {
  const meshed = isMeshed(template);
  if (runsBeforeRelease(template))
    return template.annotations[INJECT] === 'disabled'
      ? undefined
      : `a pre-install/pre-upgrade hook starts before the release's NetworkPolicies let a proxy reach Linkerd's control plane: set ${INJECT}: disabled`;
  if (!meshed) return `not meshed while other workloads are: set ${INJECT}: enabled on its pod template`;
  if (runsToCompletion(template) && template.annotations[NATIVE_SIDECAR] !== 'true')
    return `it runs to completion, and a plain proxy sidecar would keep it running forever: set ${NATIVE_SIDECAR}: 'true'`;
  return undefined;
}

/**
 * Once one workload is meshed, all are: pods that serve carry `linkerd.io/inject: enabled`; pods that run to
 * completion carry it with the native-sidecar annotation; pre-install/pre-upgrade hooks opt out explicitly.
 */
export const meshInjection: Rule = {
  id: 'mesh',
  check: (objects) => {
    const templates = podTemplates(objects);
    if (!templates.some(isMeshed)) return [];
    return templates.flatMap((template): Issue[] => {
      const message = problem(template);
      const path = template.path.replace(/(^|\.)spec$/, '$1metadata.annotations');
      return message ? [{ object: template.id, path, message }] : [];
    });
  },
};
