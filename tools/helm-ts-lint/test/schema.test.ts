import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IService } from 'kubernetes-models/v1/Service';
import { describe, it } from 'vitest';
import { container, expectFindings, get, validManifests } from './support/manifests.js';

describe('schema: unknown fields', () => {
  it('catches a misspelt container field and suggests the real one', () => {
    const objects = validManifests();
    const backend = container(objects, 'Deployment/todo-backend') as unknown as Record<string, unknown>;
    backend.imagePullPolcy = backend.imagePullPolicy;
    delete backend.imagePullPolicy;
    expectFindings(objects, [
      {
        rule: 'schema',
        object: 'Deployment/todo-backend',
        path: 'spec.template.spec.containers[0].imagePullPolcy',
        message: 'unknown field "imagePullPolcy" (did you mean "imagePullPolicy"?)',
      },
    ]);
  });

  it('walks arrays of nested models', () => {
    const objects = validManifests();
    const target = get<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler/todo-backend').spec!.metrics![0]
      .resource!.target as unknown as Record<string, unknown>;
    target.averageUtilisation = target.averageUtilization;
    delete target.averageUtilization;
    expectFindings(objects, [
      {
        rule: 'schema',
        object: 'HorizontalPodAutoscaler/todo-backend',
        path: 'spec.metrics[0].resource.target.averageUtilisation',
        message: 'unknown field "averageUtilisation" (did you mean "averageUtilization"?)',
      },
    ]);
  });

  it('suggests a field that differs only in case', () => {
    const objects = validManifests();
    // Without targetPort the backend Service still targets 8080, its own port number.
    const port = get<IService>(objects, 'Service/todo-backend').spec!.ports![0] as unknown as Record<string, unknown>;
    port.targetport = port.targetPort;
    delete port.targetPort;
    expectFindings(objects, [
      { rule: 'schema', object: 'Service/todo-backend', path: 'spec.ports[0].targetport', message: '"targetPort"' },
    ]);
  });

  it('checks metadata too, and suggests nothing for a field nothing resembles', () => {
    const objects = validManifests();
    Object.assign(get(objects, 'ConfigMap/todo-backend').metadata!, { owner: 'team-a' });
    expectFindings(objects, [
      { rule: 'schema', object: 'ConfigMap/todo-backend', path: 'metadata.owner', message: 'unknown field "owner"' },
    ]);
  });

  it('skips kinds that are not core Kubernetes types', () => {
    const objects = validManifests();
    objects.push({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'todo-backend', labels: get(objects, 'Service/todo-backend').metadata!.labels },
      spec: { endpoints: [{ port: 'http', path: '/metrics' }], anything: true },
    });
    expectFindings(objects, []);
  });
});

describe('schema: types and required fields', () => {
  it('reports a field of the wrong type with the value found', () => {
    const objects = validManifests();
    (get<IDeployment>(objects, 'Deployment/todo-backend').spec as unknown as Record<string, unknown>).replicas = 'two';
    expectFindings(objects, [
      {
        rule: 'schema',
        object: 'Deployment/todo-backend',
        path: 'spec.replicas',
        message: 'must be integer (got "two")',
      },
    ]);
  });

  it('reports a label value that YAML turned into a number', () => {
    const objects = validManifests();
    const labels = get(objects, 'Service/todo-backend').metadata!.labels as Record<string, unknown>;
    labels['app.kubernetes.io/version'] = 1.1;
    expectFindings(objects, [
      {
        rule: 'schema',
        object: 'Service/todo-backend',
        path: 'metadata.labels["app.kubernetes.io/version"]',
        message: 'must be string (got 1.1)',
      },
    ]);
  });

  it('reports a missing required field', () => {
    const objects = validManifests();
    delete (get<IDeployment>(objects, 'Deployment/todo-backend').spec as Partial<IDeployment['spec']>)!.selector;
    expectFindings(objects, [
      {
        rule: 'schema',
        object: 'Deployment/todo-backend',
        path: 'spec.selector',
        message: 'required field "selector" is missing',
      },
    ]);
  });

  it('lists the allowed values of an enum', () => {
    const objects = validManifests();
    (container(objects, 'Deployment/todo-frontend') as { imagePullPolicy: string }).imagePullPolicy = 'Sometimes';
    expectFindings(objects, [
      {
        rule: 'schema',
        object: 'Deployment/todo-frontend',
        path: 'spec.template.spec.containers[0].imagePullPolicy',
        message: 'must be one of "Always", "IfNotPresent", "Never" (got "Sometimes")',
      },
    ]);
  });

  it('explains a malformed quantity once', () => {
    const objects = validManifests();
    container(objects, 'StatefulSet/todo-postgres').resources!.limits!.memory = '1 GB';
    expectFindings(objects, [
      {
        rule: 'schema',
        object: 'StatefulSet/todo-postgres',
        path: 'spec.template.spec.containers[0].resources.limits.memory',
        message: 'must be number or match format "quantity" (got "1 GB")',
      },
    ]);
  });

  it('explains an int-or-string once', () => {
    const objects = validManifests();
    (get<IService>(objects, 'Service/todo-backend').spec!.ports![0] as unknown as Record<string, unknown>).targetPort =
      true;
    expectFindings(objects, [
      {
        rule: 'schema',
        object: 'Service/todo-backend',
        path: 'spec.ports[0].targetPort',
        message: 'must be string or integer (got true)',
      },
      { rule: 'references', object: 'Service/todo-backend', message: 'targetPort true/TCP is not a container port' },
    ]);
  });
});
