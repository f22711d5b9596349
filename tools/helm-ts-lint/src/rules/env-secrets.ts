import { list } from '../k8s/objects.js';
import { allContainers } from '../k8s/pods.js';
import { hasPostgresPassword, looksSecret } from '../secrets.js';
import type { Rule } from '../types.js';

/** Credentials reach containers through `valueFrom.secretKeyRef`, never as literal values. */
export const envSecrets: Rule = {
  id: 'secrets',
  check: (objects) =>
    allContainers(objects).flatMap(({ template, container, path }) =>
      list(container.env).flatMap((env, index) => {
        const at = `${path}.env[${index}]`;
        const name = `env "${env.name}" of container "${container.name}"`;
        if (env.value !== undefined && hasPostgresPassword(env.value)) {
          return [{ object: template.id, path: `${at}.value`, message: `${name} is a postgres URL with a password` }];
        }
        if (looksSecret(env.name) && !env.valueFrom?.secretKeyRef) {
          const source = env.value !== undefined ? 'is a literal value' : 'does not come from a Secret';
          return [
            {
              object: template.id,
              path: at,
              message: `${name} looks secret but ${source}; use valueFrom.secretKeyRef`,
            },
          ];
        }
        return [];
      }),
    ),
};
