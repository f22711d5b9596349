import { objectId } from '../k8s/objects.js';
import { coreKind } from '../schema/kinds.js';
import { schemaViolations } from '../schema/errors.js';
import type { Rule } from '../types.js';

/** Required fields, types, enums and formats of core Kubernetes objects, from `kubernetes-models`. */
export const schemaTypes: Rule = {
  id: 'schema',
  check: (objects) =>
    objects.flatMap((object) => {
      const kind = coreKind(object);
      return kind ? schemaViolations(kind.model, object).map((v) => ({ object: objectId(object), ...v })) : [];
    }),
};
