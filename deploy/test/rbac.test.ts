import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kubeTool } from '@todo/kube-tools';
import { chartDir } from '../src/paths.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
// Every optional workload on, so that none escapes the check.
const everything = [
  'logShipping.enabled=true',
  'tracing.jaeger.enabled=true',
  'backup.enabled=true',
  'mesh.enabled=true',
  'redis.enabled=true',
];

interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
}
interface Rendered {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  automountServiceAccountToken?: boolean;
  spec?: {
    template?: { spec: PodSpec };
    jobTemplate?: { spec: { template: { spec: PodSpec } } };
  } & PodSpec;
}

async function render(env: string): Promise<Rendered[]> {
  const values = [
    ...['-f', join(root, 'deploy/environments', `${env}.yaml`), ...everything.flatMap((v) => ['--set', v])],
    ...['--api-versions', 'gateway.networking.k8s.io/v1/HTTPRoute'],
  ];
  const { stdout } = await run(await kubeTool('helm'), ['template', 'todo', chartDir, '-n', 'todo', ...values], {
    maxBuffer: 32 * 1024 * 1024,
  });
  return parseAllDocuments(stdout)
    .map((d) => d.toJS() as Rendered)
    .filter(Boolean);
}

/** Each pod the chart can start, by the object that starts it. */
function pods(objects: Rendered[]): [string, PodSpec][] {
  return objects.flatMap((o): [string, PodSpec][] => {
    const spec = o.kind === 'Pod' ? o.spec : (o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec.template.spec);
    return spec ? [[`${o.kind}/${o.metadata.name}`, spec]] : [];
  });
}

describe.each(['local', 'staging', 'production'])('RBAC in %s', (env) => {
  it('grants no Kubernetes API rights: no Role, ClusterRole or binding', async () => {
    const kinds = (await render(env)).map((o) => o.kind);
    expect(kinds.filter((k) => /Role(Binding)?$/.test(k))).toEqual([]);
  });

  it("runs every pod as the chart's own ServiceAccount, with no API token mounted", async () => {
    const objects = await render(env);
    const accounts = new Map(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => [o.metadata.name, o]));
    const found = pods(objects);
    expect(found.length).toBeGreaterThanOrEqual(7);
    for (const [owner, spec] of found) {
      const account = accounts.get(spec.serviceAccountName ?? 'default');
      expect(account, `${owner} uses ServiceAccount ${spec.serviceAccountName ?? 'default'}`).toBeDefined();
      expect(account!.automountServiceAccountToken, `ServiceAccount of ${owner}`).toBe(false);
      expect(spec.automountServiceAccountToken, owner).toBe(false);
    }
  });
});
