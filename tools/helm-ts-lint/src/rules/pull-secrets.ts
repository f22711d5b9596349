import { podTemplates } from '../k8s/pods.js';
import type { Rule } from '../types.js';

const names = (secrets: { name?: string }[] | undefined) => (secrets ?? []).map((s) => s.name ?? '').sort();

/** When any pod pulls with imagePullSecrets, every pod does, with the same ones (hooks and tests pull images too). */
export const pullSecrets: Rule = {
  id: 'pull-secrets',
  check: (objects) => {
    const templates = podTemplates(objects);
    const wanted = [...new Set(templates.flatMap((t) => names(t.spec.imagePullSecrets)))].sort();
    if (wanted.length === 0) return [];
    return templates
      .filter((template) => names(template.spec.imagePullSecrets).join() !== wanted.join())
      .map((template) => ({
        object: template.id,
        path: `${template.path}.imagePullSecrets`,
        message: `pulls without the release's imagePullSecrets (${wanted.join(', ')}): it would hang in ImagePullBackOff`,
      }));
  },
};
