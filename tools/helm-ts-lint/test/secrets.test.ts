import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { describe, it } from 'vitest';
import { container, expectFindings, get, validManifests } from './support/manifests.js';

describe('secrets: ConfigMaps', () => {
  const configMap = 'ConfigMap/todo-backend';

  it('rejects a key that looks secret', () => {
    const objects = validManifests();
    get<IConfigMap>(objects, configMap).data!.DATABASE_PASSWORD = 'hunter2';
    expectFindings(objects, [
      {
        rule: 'secrets',
        object: configMap,
        path: 'data.DATABASE_PASSWORD',
        message: 'key "DATABASE_PASSWORD" looks secret',
      },
    ]);
  });

  it('recognises api-key spellings', () => {
    const objects = validManifests();
    get<IConfigMap>(objects, configMap).data!['mail-api-key'] = 'abc';
    expectFindings(objects, [
      { rule: 'secrets', object: configMap, path: 'data["mail-api-key"]', message: 'key "mail-api-key" looks secret' },
    ]);
  });

  it('rejects a postgres URL with a password, not one without', () => {
    const objects = validManifests();
    const data = get<IConfigMap>(objects, configMap).data!;
    data.DATABASE_URL = 'postgres://todo:hunter2@todo-postgres:5432/todo';
    data.READ_REPLICA_URL = 'postgresql://todo@todo-postgres-replica:5432/todo';
    expectFindings(objects, [
      {
        rule: 'secrets',
        object: configMap,
        path: 'data.DATABASE_URL',
        message: '"DATABASE_URL" is a postgres URL with a password',
      },
    ]);
  });
});

describe('secrets: container env', () => {
  it('rejects a literal value under a secret name', () => {
    const objects = validManifests();
    const postgres = container(objects, 'StatefulSet/todo-postgres');
    postgres.env![1] = { name: 'POSTGRES_PASSWORD', value: 'hunter2' };
    expectFindings(objects, [
      {
        rule: 'secrets',
        object: 'StatefulSet/todo-postgres',
        path: 'spec.template.spec.containers[0].env[1]',
        message: 'env "POSTGRES_PASSWORD" of container "postgres" looks secret but is a literal value',
      },
    ]);
  });

  it('rejects a secret name read from a ConfigMap', () => {
    const objects = validManifests();
    container(objects, 'Deployment/todo-backend').env![1].valueFrom = {
      configMapKeyRef: { name: 'todo-backend', key: 'AUTH' },
    };
    get<IConfigMap>(objects, 'ConfigMap/todo-backend').data!.AUTH = 'x';
    expectFindings(objects, [
      { rule: 'secrets', object: 'Deployment/todo-backend', message: 'looks secret but does not come from a Secret' },
    ]);
  });

  it('rejects a literal postgres URL with a password under any name', () => {
    const objects = validManifests();
    container(objects, 'Job/todo-migrations').env![0] = {
      name: 'DATABASE_URL',
      value: 'postgres://todo:hunter2@todo-postgres/todo',
    };
    expectFindings(objects, [
      {
        rule: 'secrets',
        object: 'Job/todo-migrations',
        path: 'spec.template.spec.containers[0].env[0].value',
        message: 'env "DATABASE_URL" of container "migrations" is a postgres URL with a password',
      },
    ]);
  });

  it('accepts a postgres URL whose password is $(VAR), a variable the kubelet expands (from a Secret)', () => {
    const objects = validManifests();
    container(objects, 'Job/todo-migrations').env!.splice(
      0,
      1,
      {
        name: 'DATABASE_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'todo-credentials', key: 'POSTGRES_PASSWORD' } },
      },
      { name: 'DATABASE_URL', value: 'postgres://todo:$(DATABASE_PASSWORD)@todo-pooler:5432/todo' },
    );
    expectFindings(objects, []);
  });
});
