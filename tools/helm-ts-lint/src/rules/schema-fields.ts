import { objectId } from '../k8s/objects.js';
import { closest } from '../schema/closest.js';
import { coreKind } from '../schema/kinds.js';
import { unknownFields } from '../schema/unknown-fields.js';
import type { Rule } from '../types.js';

/** Fields the Kubernetes API does not know (typos the API server would drop or reject), from `@kubernetes/client-node`. */
export const schemaFields: Rule = {
  id: 'schema',
  check: (objects) =>
    objects.flatMap((object) => {
      const kind = coreKind(object);
      return (kind ? unknownFields(object, kind.typeName) : []).map(({ path, field, known }) => {
        const guess = closest(field, known);
        return {
          object: objectId(object),
          path,
          message: `unknown field "${field}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
        };
      });
    }),
};
