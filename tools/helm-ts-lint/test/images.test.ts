import { describe, it } from 'vitest';
import { container, expectFindings, podSpec, validManifests } from './support/manifests.js';

const backend = 'Deployment/todo-backend';

function withImage(image: string, imagePullPolicy = 'IfNotPresent') {
  const objects = validManifests();
  Object.assign(container(objects, backend), { image, imagePullPolicy });
  return objects;
}

describe('images', () => {
  it('requires a tag', () => {
    expectFindings(withImage('ghcr.io/todo-k8s/backend'), [
      {
        rule: 'images',
        object: backend,
        path: 'spec.template.spec.containers[0].image',
        message: 'image "ghcr.io/todo-k8s/backend" has no tag',
      },
    ]);
  });

  it('does not mistake a registry port for a tag', () => {
    expectFindings(withImage('localhost:5000/todo/backend'), [
      { rule: 'images', object: backend, message: 'image "localhost:5000/todo/backend" has no tag' },
    ]);
  });

  it('rejects the latest tag', () => {
    expectFindings(withImage('ghcr.io/todo-k8s/backend:latest'), [
      { rule: 'images', object: backend, message: 'image "ghcr.io/todo-k8s/backend:latest" uses the latest tag' },
    ]);
  });

  it('accepts an image pinned by digest alone', () => {
    expectFindings(withImage(`ghcr.io/todo-k8s/backend@sha256:${'a'.repeat(64)}`), []);
  });

  it('never pulls a locally built image', () => {
    expectFindings(withImage('todo-backend:local', 'Always'), [
      {
        rule: 'images',
        object: backend,
        path: 'spec.template.spec.containers[0].imagePullPolicy',
        message: 'image "todo-backend:local" is built locally; imagePullPolicy Always',
      },
    ]);
    expectFindings(withImage('todo-backend:local', 'Never'), []);
  });
});

describe('pull-secrets', () => {
  const workloads = [
    'Deployment/todo-backend',
    'Deployment/todo-frontend',
    'StatefulSet/todo-postgres',
    'Job/todo-migrations',
  ];
  const secretsOn = (ids: string[], names = ['registry']) => {
    const objects = validManifests();
    for (const id of ids) podSpec(objects, id).imagePullSecrets = names.map((name) => ({ name }));
    return objects;
  };

  it('accepts none, and the same secrets on every pod', () => {
    expectFindings(secretsOn([]), []);
    expectFindings(secretsOn(workloads, ['a', 'b']), []);
  });

  it.each(workloads)('fails %s without the secrets the other pods pull with', (missing) => {
    expectFindings(secretsOn(workloads.filter((id) => id !== missing)), [
      {
        rule: 'pull-secrets',
        object: missing,
        path: 'spec.template.spec.imagePullSecrets',
        message: "pulls without the release's imagePullSecrets (registry)",
      },
    ]);
  });

  it('fails a pod with only some of them', () => {
    const objects = secretsOn(workloads, ['a', 'b']);
    podSpec(objects, 'Job/todo-migrations').imagePullSecrets = [{ name: 'a' }];
    expectFindings(objects, [{ rule: 'pull-secrets', object: 'Job/todo-migrations', message: '(a, b)' }]);
  });
});
