import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { objectId, ofKind } from '../k8s/objects.js';
import { child } from '../path.js';
import { hasPostgresPassword, looksSecret } from '../secrets.js';
import type { Issue, Rule } from '../types.js';

/** ConfigMaps hold no credentials: neither secret-looking keys nor postgres URLs with a password. */
export const configMapSecrets: Rule = {
  id: 'secrets',
  check: (objects) =>
    ofKind<IConfigMap>(objects, 'ConfigMap').flatMap((configMap) =>
      (['data', 'binaryData'] as const).flatMap((field) =>
        Object.entries(configMap[field] ?? {}).flatMap(([key, value]): Issue[] => {
          const issue = (message: string) => ({ object: objectId(configMap), path: child(field, key), message });
          return [
            ...(looksSecret(key) ? [issue(`key "${key}" looks secret; put it in a Secret`)] : []),
            ...(field === 'data' && hasPostgresPassword(value)
              ? [issue(`"${key}" is a postgres URL with a password; put it in a Secret`)]
              : []),
          ];
        }),
      ),
    ),
};
