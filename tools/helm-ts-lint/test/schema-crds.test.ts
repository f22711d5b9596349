import { describe, expect, it } from 'vitest';
import { lintManifests } from '../src/index.js';
import type { K8sObject } from '../src/types.js';

// CloudNativePG's custom resources against the CRDs vendored from the operator (crds/cloudnative-pg, v1.30.0).
const labels = {
  'app.kubernetes.io/name': 'todo',
  'app.kubernetes.io/instance': 'todo',
  'app.kubernetes.io/component': 'database',
  'app.kubernetes.io/managed-by': 'Helm',
  'helm.sh/chart': 'todo-0.1.0',
};
const cluster = (spec: Record<string, unknown>): K8sObject => ({
  apiVersion: 'postgresql.cnpg.io/v1',
  kind: 'Cluster',
  metadata: { name: 'todo-database', namespace: 'todo', labels },
  spec: { instances: 3, storage: { size: '2Gi' }, ...spec },
});
const schemaFindings = (objects: K8sObject[]) =>
  lintManifests(objects)
    .filter((finding) => finding.rule === 'schema')
    .map(({ object, path, message }) => ({ object, path, message }));

describe('schema: CloudNativePG custom resources', () => {
  it('accepts a valid Cluster', () => {
    expect(
      schemaFindings([
        cluster({
          affinity: { enablePodAntiAffinity: true, podAntiAffinityType: 'required' },
          storage: { size: '1Gi' },
        }),
      ]),
    ).toEqual([]);
  });

  it.each([
    [{ instancess: 3 }, 'spec', /unknown|additional/i],
    [{ instances: 'three' }, 'spec.instances', /must be integer \(got "three"\)/],
    [
      { primaryUpdateStrategy: 'sometimes' },
      'spec.primaryUpdateStrategy',
      /must be one of "unsupervised", "supervised"/,
    ],
    [{ postgresql: { synchronous: { method: 'all' } } }, 'spec.postgresql.synchronous', /required field "number"/],
    [{ storage: { size: 2 } }, 'spec.storage.size', /must be string/],
  ])('reports %j at %s', (spec, path, message) => {
    const findings = schemaFindings([cluster(spec)]);
    expect(findings).toContainEqual({
      object: 'Cluster/todo-database',
      path: expect.stringContaining(path),
      message: expect.stringMatching(message),
    });
  });

  it('reports a Pooler without its cluster, and with a pool mode PgBouncer does not have', () => {
    const pooler: K8sObject = {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Pooler',
      metadata: {
        name: 'todo-pooler',
        namespace: 'todo',
        labels: { ...labels, 'app.kubernetes.io/component': 'pooler' },
      },
      spec: { instances: 2, pgbouncer: { poolMode: 'statement' } },
    };
    const messages = schemaFindings([pooler]).map((f) => `${f.path}: ${f.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^spec.cluster: required field "cluster" is missing$/));
    expect(messages).toContainEqual(
      expect.stringMatching(/^spec.pgbouncer.poolMode: must be one of "session", "transaction"/),
    );
  });
});
