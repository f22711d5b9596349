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
const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata?.name === name);

describe('database.pooler.enabled (PgBouncer)', () => {
  it.each([
    ['plain', 'database:\n  pooler:\n    enabled: true\n'],
    ['tls', 'database:\n  pooler:\n    enabled: true\n  tls:\n    enabled: true\n'],
  ])('%s: renders without findings; the API reaches PostgreSQL through it, migrations and backups directly', async (name, values) => {
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
  });

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

  it('refuses an external database, and the mesh, with one line naming the fix', async () => {
    await expect(
      render('external', 'database:\n  pooler:\n    enabled: true\n  external:\n    enabled: true\n    existingSecret: db\n'),
    ).rejects.toThrow(/database.pooler.enabled needs the bundled database/);
    await expect(render('mesh', 'database:\n  pooler:\n    enabled: true\nmesh:\n  enabled: true\n')).rejects.toThrow(
      /database.pooler.enabled does not take part in the mesh yet/,
    );
  });
});
