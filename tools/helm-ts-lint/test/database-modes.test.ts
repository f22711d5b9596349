import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeTool } from '@todo/kube-tools';
import { allowedFlows, formatFinding, lintManifests, parseManifests, renderChart } from '../src/index.js';
import type { K8sObject } from '../src/types.js';

// The chart's database options (deploy/docs/pooler.md, deploy/docs/cnpg.md), rendered by the real helm and linted.
const chart = resolve(import.meta.dirname, '../../../deploy/charts/todo');
let helm: string;
let dir: string;
beforeAll(async () => {
  helm = await kubeTool('helm');
  dir = await mkdtemp(join(tmpdir(), 'values-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function render(name: string, values: string): Promise<K8sObject[]> {
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, values);
  return parseManifests(await renderChart({ helm, chart, valuesFiles: [file], release: 'todo', namespace: 'todo' }));
}
const flowsOf = (objects: K8sObject[]) =>
  allowedFlows(objects)
    .map((f) => `${f.from} -> ${f.to}:${f.port}/${f.protocol}`)
    .sort();
const lint = (objects: K8sObject[], name: string) => lintManifests(objects).map((f) => formatFinding(f, name));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered objects, read field by field
const find = (objects: K8sObject[], kind: string, name: string): any =>
  objects.find((o) => o.kind === kind && o.metadata?.name === name);

describe('database.pooler.enabled (PgBouncer)', () => {
  it.each([
    ['plain', 'database:\n  pooler:\n    enabled: true\n'],
    ['tls', 'database:\n  pooler:\n    enabled: true\n  tls:\n    enabled: true\n'],
  ])(
    '%s: renders without findings; the API reaches PostgreSQL through it, migrations and backups directly',
    async (name, values) => {
      const objects = await render(name, values);
      expect(lint(objects, name)).toEqual([]);
      expect(flowsOf(objects).filter((f) => /pooler|database/.test(f))).toEqual(
        [
          'CronJob/todo-backup -> StatefulSet/todo-database:5432/TCP',
          'Deployment/todo-backend -> Deployment/todo-pooler:5432/TCP',
          // MIGRATE_ON_START: the API migrates over DATABASE_DIRECT_URL
          'Deployment/todo-backend -> StatefulSet/todo-database:5432/TCP',
          'Deployment/todo-pooler -> StatefulSet/todo-database:5432/TCP',
          'Job/todo-migrations -> StatefulSet/todo-database:5432/TCP',
        ].sort(),
      );
    },
  );

  it('gives the API the pooler as DATABASE_URL, PostgreSQL as DATABASE_DIRECT_URL, and transaction pooling', async () => {
    const objects = await render('env', 'database:\n  pooler:\n    enabled: true\n');
    const container = find(objects, 'Deployment', 'todo-backend')!.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: { name: string }) => [e.name, e]));
    expect(env.DATABASE_URL.value).toBe('postgres://todo:$(DATABASE_PASSWORD)@todo-pooler:5432/todo');
    expect(env.DATABASE_DIRECT_URL.valueFrom.secretKeyRef).toEqual({ name: 'todo-database', key: 'DATABASE_URL' });
    // The kubelet expands $(DATABASE_PASSWORD) only from a variable defined before it.
    const names = container.env.map((e: { name: string }) => e.name);
    expect(names.indexOf('DATABASE_PASSWORD')).toBeLessThan(names.indexOf('DATABASE_URL'));
    expect(find(objects, 'ConfigMap', 'todo-backend')!.data.DATABASE_TRANSACTION_POOLING).toBe('true');
  });

  it("counts the pooler's server connections in the connection budget, not the API's", async () => {
    const scaled = 'backend:\n  autoscaling:\n    enabled: true\n    maxReplicas: 20\n';
    await expect(render('unpooled', scaled)).rejects.toThrow(/connection budget: 215 needed/);
    const objects = await render('pooled', `${scaled}database:\n  pooler:\n    enabled: true\n`);
    expect(find(objects, 'Deployment', 'todo-pooler')).toBeDefined();
  });

  it('refuses an external database, and the mesh, with one line naming the fix', async () => {
    await expect(
      render(
        'external',
        'database:\n  pooler:\n    enabled: true\n  external:\n    enabled: true\n    existingSecret: db\n    maxConnections: 100\n',
      ),
    ).rejects.toThrow(/database.pooler.enabled needs the bundled database/);
    await expect(render('mesh', 'database:\n  pooler:\n    enabled: true\nmesh:\n  enabled: true\n')).rejects.toThrow(
      /database.pooler.enabled does not take part in the mesh yet/,
    );
  });
});

describe('database.mode: cloudnative-pg', () => {
  const cnpg = 'database:\n  mode: cloudnative-pg\n';
  const everything = `${cnpg}  pooler:\n    enabled: true\n  cnpg:\n    synchronousReplication: true\n    backup:\n      enabled: true\nbackup:\n  s3:\n    bucket: todo-backups\n    existingSecret: s3\n`;

  it.each([
    ['cnpg', cnpg],
    ['cnpg-everything', everything],
  ])('%s: renders without findings, its custom resources valid against the operator CRDs', async (name, values) => {
    const objects = await render(name, values);
    expect(lintManifests(objects, { existingSecrets: ['s3'] }).map((f) => formatFinding(f, name))).toEqual([]);
    expect(objects.filter((o) => o.kind === 'StatefulSet' && o.metadata?.name === 'todo-database')).toEqual([]);
    const cluster = find(objects, 'Cluster', 'todo-database')!;
    expect(cluster.spec).toMatchObject({
      instances: 3,
      affinity: { enablePodAntiAffinity: true, podAntiAffinityType: 'required' },
      inheritedMetadata: { labels: { 'app.kubernetes.io/component': 'database' } },
    });
  });

  it('points the API, migrations and backups at the primary (-rw) through the app Secret, verified with its CA', async () => {
    const objects = await render('cnpg-clients', cnpg);
    const api = find(objects, 'Deployment', 'todo-backend')!.spec.template.spec;
    const url = api.containers[0].env.find((e: { name: string }) => e.name === 'DATABASE_URL');
    expect(url.valueFrom.secretKeyRef).toEqual({ name: 'todo-database-app', key: 'uri' });
    expect(api.volumes).toContainEqual(
      expect.objectContaining({ secret: expect.objectContaining({ secretName: 'todo-database-ca' }) }),
    );
    expect(find(objects, 'ConfigMap', 'todo-backend')!.data).toMatchObject({
      DATABASE_SSL_MODE: 'verify-full',
      DATABASE_SSL_CA_FILE: '/etc/database-tls/ca.crt',
    });
    const migrations = find(objects, 'Job', 'todo-migrations')!.spec.template.spec.containers[0];
    expect(migrations.env.find((e: { name: string }) => e.name === 'DATABASE_URL').valueFrom.secretKeyRef.key).toBe(
      'uri',
    );
  });

  it('with the pooler on, renders its Pooler (transaction mode) and names it in the server certificate', async () => {
    const objects = await render('cnpg-pooler', everything);
    expect(find(objects, 'Deployment', 'todo-pooler')).toBeUndefined();
    expect(find(objects, 'Pooler', 'todo-pooler')!.spec).toMatchObject({
      cluster: { name: 'todo-database' },
      type: 'rw',
      pgbouncer: { poolMode: 'transaction', parameters: { default_pool_size: '20' } },
    });
    expect(find(objects, 'Cluster', 'todo-database')!.spec.certificates.serverAltDNSNames).toContain('todo-pooler');
    expect(find(objects, 'Cluster', 'todo-database')!.spec.postgresql.synchronous).toMatchObject({ number: 1 });
    expect(find(objects, 'ScheduledBackup', 'todo-database')!.spec.schedule).toBe('0 0 2 * * *');
  });

  it('refuses operator backups without a bucket, and synchronous replication without a standby', async () => {
    await expect(render('cnpg-nobucket', `${cnpg}  cnpg:\n    backup:\n      enabled: true\n`)).rejects.toThrow(
      /database.cnpg.backup.enabled needs backup.s3.bucket and backup.s3.existingSecret/,
    );
    await expect(
      render('cnpg-alone', `${cnpg}  cnpg:\n    instances: 1\n    synchronousReplication: true\n`),
    ).rejects.toThrow(/database.cnpg.synchronousReplication needs database.cnpg.instances of 2 or more/);
  });
});
