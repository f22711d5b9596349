import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import { describe, it } from 'vitest';
import type { K8sObject } from '../src/index.js';
import { container, expectFindings, get, podSpec, validManifests } from './support/manifests.js';

const backend = 'Deployment/todo-backend';

describe('references: Services', () => {
  it('requires the selector to match some workload', () => {
    const objects = validManifests();
    get<IService>(objects, 'Service/todo-backend').spec!.selector!['app.kubernetes.io/component'] = 'api';
    expectFindings(objects, [
      {
        rule: 'references',
        object: 'Service/todo-backend',
        path: 'spec.selector',
        message:
          "selector app.kubernetes.io/name=todo,app.kubernetes.io/instance=todo,app.kubernetes.io/component=api matches no workload's pod labels",
      },
    ]);
  });

  it('requires a numeric targetPort to be a container port', () => {
    const objects = validManifests();
    get<IService>(objects, 'Service/todo-backend').spec!.ports![0].targetPort = 8081;
    expectFindings(objects, [
      {
        rule: 'references',
        object: 'Service/todo-backend',
        path: 'spec.ports[0].targetPort',
        message: `targetPort 8081/TCP is not a container port of ${backend}`,
      },
    ]);
  });

  it('requires a named targetPort to be a container port name', () => {
    const objects = validManifests();
    get<IService>(objects, 'Service/todo-frontend').spec!.ports![0].targetPort = 'web';
    expectFindings(objects, [
      { rule: 'references', object: 'Service/todo-frontend', message: 'targetPort "web"/TCP is not a container port' },
    ]);
  });
});

describe('references: Ingress', () => {
  function backendService(objects: K8sObject[]) {
    return get<IIngress>(objects, 'Ingress/todo').spec!.rules![0].http!.paths[0].backend.service!;
  }
  const at = 'spec.rules[0].http.paths[0].backend.service';

  it('requires the Service to exist', () => {
    const objects = validManifests();
    backendService(objects).name = 'todo-web';
    expectFindings(objects, [
      { rule: 'references', object: 'Ingress/todo', path: `${at}.name`, message: 'Service "todo-web" does not exist' },
    ]);
  });

  it('requires the port number to be a Service port', () => {
    const objects = validManifests();
    backendService(objects).port = { number: 3000 };
    expectFindings(objects, [
      {
        rule: 'references',
        object: 'Ingress/todo',
        path: `${at}.port.number`,
        message: 'Service "todo-frontend" has no port 3000',
      },
    ]);
  });

  it('accepts a Service port name, and rejects an unknown one', () => {
    const objects = validManifests();
    backendService(objects).port = { name: 'http' };
    expectFindings(objects, []);
    backendService(objects).port = { name: 'https' };
    expectFindings(objects, [
      { rule: 'references', object: 'Ingress/todo', message: 'Service "todo-frontend" has no port named "https"' },
    ]);
  });
});

describe('references: probes', () => {
  it('requires an httpGet port to be declared by the container', () => {
    const objects = validManifests();
    container(objects, backend).readinessProbe!.httpGet!.port = 'health';
    expectFindings(objects, [
      {
        rule: 'references',
        object: backend,
        path: 'spec.template.spec.containers[0].readinessProbe.httpGet.port',
        message: 'readinessProbe port "health" is not a port of container "backend"',
      },
    ]);
  });

  it('requires a tcpSocket port to be declared by the container', () => {
    const objects = validManifests();
    container(objects, 'StatefulSet/todo-postgres').livenessProbe!.tcpSocket!.port = 5433;
    expectFindings(objects, [
      {
        rule: 'references',
        object: 'StatefulSet/todo-postgres',
        path: 'spec.template.spec.containers[0].livenessProbe.tcpSocket.port',
        message: 'livenessProbe port 5433 is not a port of container "postgres"',
      },
    ]);
  });
});

describe('references: env', () => {
  it('requires the key of a secretKeyRef to exist', () => {
    const objects = validManifests();
    container(objects, backend).env![0].valueFrom!.secretKeyRef!.key = 'DATABASE_URI';
    expectFindings(objects, [
      {
        rule: 'references',
        object: backend,
        path: 'spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef',
        message: 'Secret "todo-credentials" has no key "DATABASE_URI"',
      },
    ]);
  });

  it('requires the Secret to exist, unless it is made outside the chart or optional', () => {
    const objects = validManifests();
    container(objects, backend).env![1].valueFrom!.secretKeyRef!.name = 'todo-auth';
    expectFindings(objects, [
      {
        rule: 'references',
        object: backend,
        message: 'Secret "todo-auth" is neither in the manifests nor in existingSecrets',
      },
    ]);
    expectFindings(objects, [], { existingSecrets: ['todo-auth'] });
    container(objects, backend).env![1].valueFrom!.secretKeyRef!.optional = true;
    expectFindings(objects, []);
  });

  it('requires the key of a configMapKeyRef to exist', () => {
    const objects = validManifests();
    container(objects, 'Deployment/todo-frontend').env!.push({
      name: 'LOG_LEVEL',
      valueFrom: { configMapKeyRef: { name: 'todo-backend', key: 'LOGLEVEL' } },
    });
    expectFindings(objects, [
      {
        rule: 'references',
        object: 'Deployment/todo-frontend',
        path: 'spec.template.spec.containers[0].env[1].valueFrom.configMapKeyRef',
        message: 'ConfigMap "todo-backend" has no key "LOGLEVEL"',
      },
    ]);
  });

  it('requires the ConfigMap of an envFrom to exist', () => {
    const objects = validManifests();
    container(objects, backend).envFrom![0].configMapRef!.name = 'todo-api';
    expectFindings(objects, [
      {
        rule: 'references',
        object: backend,
        path: 'spec.template.spec.containers[0].envFrom[0].configMapRef',
        message: 'ConfigMap "todo-api" does not exist',
      },
    ]);
  });

  it('requires the Secret of an envFrom to exist', () => {
    const objects = validManifests();
    container(objects, backend).envFrom!.push({ secretRef: { name: 'todo-extra' } });
    expectFindings(objects, [
      {
        rule: 'references',
        object: backend,
        path: 'spec.template.spec.containers[0].envFrom[1].secretRef',
        message: '"todo-extra"',
      },
    ]);
  });
});

describe('references: volumes', () => {
  function withVolume(volume: IVolume): K8sObject[] {
    const objects = validManifests();
    podSpec(objects, backend).volumes = [volume];
    return objects;
  }

  it('accepts volumes of objects that exist', () => {
    expectFindings(withVolume({ name: 'config', configMap: { name: 'todo-backend' } }), []);
    expectFindings(withVolume({ name: 'credentials', secret: { secretName: 'todo-credentials' } }), []);
  });

  it('requires the Secret of a secret volume', () => {
    expectFindings(withVolume({ name: 'tls', secret: { secretName: 'todo-tls' } }), [
      {
        rule: 'references',
        object: backend,
        path: 'spec.template.spec.volumes[0].secret.secretName',
        message: 'Secret "todo-tls" is neither in the manifests nor in existingSecrets',
      },
    ]);
  });

  it('requires the ConfigMap of a configMap volume', () => {
    expectFindings(withVolume({ name: 'config', configMap: { name: 'todo-config' } }), [
      {
        rule: 'references',
        object: backend,
        path: 'spec.template.spec.volumes[0].configMap.name',
        message: 'ConfigMap "todo-config" does not exist',
      },
    ]);
  });

  it('requires the objects of a projected volume', () => {
    expectFindings(withVolume({ name: 'all', projected: { sources: [{ configMap: { name: 'todo-config' } }] } }), [
      {
        rule: 'references',
        object: backend,
        path: 'spec.template.spec.volumes[0].projected.sources[0].configMap.name',
        message: '"todo-config"',
      },
    ]);
  });

  it('requires the claim of a persistentVolumeClaim volume', () => {
    expectFindings(withVolume({ name: 'uploads', persistentVolumeClaim: { claimName: 'todo-uploads' } }), [
      {
        rule: 'references',
        object: backend,
        path: 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName',
        message: 'PersistentVolumeClaim "todo-uploads" does not exist',
      },
    ]);
  });

  it("counts the claims of a StatefulSet's volumeClaimTemplates", () => {
    expectFindings(withVolume({ name: 'data', persistentVolumeClaim: { claimName: 'data-todo-postgres-0' } }), []);
  });
});

describe('references: autoscalers and disruption budgets', () => {
  it('requires the HPA target to exist', () => {
    const objects = validManifests();
    get<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler/todo-backend').spec!.scaleTargetRef.kind =
      'StatefulSet';
    expectFindings(objects, [
      {
        rule: 'references',
        object: 'HorizontalPodAutoscaler/todo-backend',
        path: 'spec.scaleTargetRef',
        message: 'scaleTargetRef StatefulSet "todo-backend" does not exist',
      },
    ]);
  });

  it('requires the PDB selector to match some workload', () => {
    const objects = validManifests();
    get<IPodDisruptionBudget>(objects, 'PodDisruptionBudget/todo-frontend').spec!.selector = {
      matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['web'] }],
    };
    expectFindings(objects, [
      {
        rule: 'references',
        object: 'PodDisruptionBudget/todo-frontend',
        path: 'spec.selector',
        message: "selector app.kubernetes.io/component in (web) matches no workload's pods",
      },
    ]);
  });

  it('requires a PDB selector at all', () => {
    const objects = validManifests();
    delete get<IPodDisruptionBudget>(objects, 'PodDisruptionBudget/todo-backend').spec!.selector;
    expectFindings(objects, [
      {
        rule: 'references',
        object: 'PodDisruptionBudget/todo-backend',
        message: 'has no selector, so it protects no pods',
      },
    ]);
  });
});
