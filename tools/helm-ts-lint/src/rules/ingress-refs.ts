import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IIngressBackend } from 'kubernetes-models/networking.k8s.io/v1/IngressBackend';
import type { IService } from 'kubernetes-models/v1/Service';
import { findObject, list, objectId, ofKind } from '../k8s/objects.js';
import type { Issue, Rule } from '../types.js';

/** Each Ingress backend names an existing Service and one of its ports. */
export const ingressRefs: Rule = {
  id: 'references',
  check: (objects) =>
    ofKind<IIngress>(objects, 'Ingress').flatMap((ingress) => {
      const backends: [string, IIngressBackend | undefined][] = [
        ['spec.defaultBackend', ingress.spec?.defaultBackend],
        ...list(ingress.spec?.rules).flatMap((rule, i) =>
          list(rule.http?.paths).map((path, j): [string, IIngressBackend] => [
            `spec.rules[${i}].http.paths[${j}].backend`,
            path.backend,
          ]),
        ),
      ];
      return backends.flatMap(([path, backend]): Issue[] => {
        const ref = backend?.service;
        if (!ref) return [];
        const issue = (field: string, message: string) => [
          { object: objectId(ingress), path: `${path}.${field}`, message },
        ];
        const service = findObject(objects, 'Service', ref.name) as IService | undefined;
        if (!service) return issue('service.name', `Service "${ref.name}" does not exist`);
        const ports = list(service.spec?.ports);
        if (ref.port?.number !== undefined && !ports.some((port) => port.port === ref.port?.number)) {
          return issue('service.port.number', `Service "${ref.name}" has no port ${ref.port.number}`);
        }
        if (ref.port?.name !== undefined && !ports.some((port) => port.name === ref.port?.name)) {
          return issue('service.port.name', `Service "${ref.name}" has no port named "${ref.port.name}"`);
        }
        return [];
      });
    }),
};
