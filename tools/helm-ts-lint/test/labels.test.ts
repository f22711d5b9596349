import { describe, it } from 'vitest';
import { expectFindings, get, validManifests } from './support/manifests.js';

describe('labels', () => {
  it('requires helm.sh/chart', () => {
    const objects = validManifests();
    delete get(objects, 'Service/todo-backend').metadata!.labels!['helm.sh/chart'];
    expectFindings(objects, [
      {
        rule: 'labels',
        object: 'Service/todo-backend',
        path: 'metadata.labels',
        message: 'missing label "helm.sh/chart"',
      },
    ]);
  });

  it('requires every recommended label, on Helm hooks too', () => {
    const objects = validManifests();
    delete get(objects, 'Job/todo-migrations').metadata!.labels;
    expectFindings(
      objects,
      ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/managed-by', 'helm.sh/chart'].map(
        (label) => ({ rule: 'labels', object: 'Job/todo-migrations', message: `missing label "${label}"` }),
      ),
    );
  });
});

describe('pod-template-labels', () => {
  type Template = { spec: { template?: { metadata: { labels: Record<string, string> } } } };
  const versioned = { 'helm.sh/chart': 'todo-0.2.0', 'app.kubernetes.io/version': '0.2.0' };
  const workloads = [
    'Deployment/todo-backend',
    'Deployment/todo-frontend',
    'StatefulSet/todo-postgres',
    'Job/todo-migrations',
  ];

  it.each(workloads.flatMap((id) => Object.keys(versioned).map((label) => [id, label])))(
    '%s: a pod template carrying %s fails (a version bump would restart its pods)',
    (id, label) => {
      const objects = validManifests();
      get<Template>(objects, id).spec.template!.metadata.labels[label] = versioned[label as keyof typeof versioned];
      expectFindings(objects, [
        {
          rule: 'pod-template-labels',
          object: id,
          path: 'spec.template.metadata.labels',
          message: `pod template label "${label}" changes with the chart version`,
        },
      ]);
    },
  );

  it('leaves the object labels and bare Pods alone', () => {
    const objects = validManifests();
    Object.assign(get(objects, 'Deployment/todo-backend').metadata!.labels!, versioned);
    expectFindings(objects, []);
  });
});
