import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { kubeTool } from '@todo/kube-tools';
import { chartDir } from '../../src/paths.js';

const run = promisify(execFile);

// Rendered objects are read loosely: each assertion names the fields it needs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;
export interface Obj {
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Loose;
  data?: Loose;
}

/** `helm template todo <chart> -n todo <args>` with the real helm, as objects. */
export async function render(args: string[], chart = chartDir): Promise<Obj[]> {
  const { stdout } = await run(await kubeTool('helm'), ['template', 'todo', chart, '-n', 'todo', ...args], {
    maxBuffer: 32 * 1024 * 1024,
  });
  return parseAllDocuments(stdout)
    .map((d) => d.toJS())
    .filter(Boolean);
}

/** The helm error of a render that must fail. */
export async function renderError(args: string[]): Promise<string> {
  return render(args).then(
    () => {
      throw new Error(`rendered: ${args.join(' ')}`);
    },
    (error: Error) => error.message,
  );
}

const templatePaths: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** Every pod template of the render (a bare Pod is its own), by `Kind/name`. */
export function podTemplates(objects: Obj[]): Map<string, { metadata: Loose; spec: Loose }> {
  const templates = new Map<string, { metadata: Loose; spec: Loose }>();
  for (const object of objects) {
    const path = object.kind === 'Pod' ? [] : templatePaths[object.kind];
    if (!path) continue;
    templates.set(
      `${object.kind}/${object.metadata.name}`,
      path.reduce((value: Loose, key) => value[key], object),
    );
  }
  return templates;
}

/** Values that turn every optional part of the chart on (with the extra settings each needs). */
export const everyFeature = [
  ...['--set', 'redis.enabled=true', '--set', 'database.tls.enabled=true', '--set', 'tracing.jaeger.enabled=true'],
  ...['--set', 'logShipping.enabled=true', '--set', 'backup.s3.enabled=true', '--set', 'backup.s3.bucket=b'],
  ...['--set', 'backup.s3.existingSecret=s3', '--set', 'chat.enabled=true', '--set', 'mesh.enabled=true'],
  ...['--api-versions', 'gateway.networking.k8s.io/v1/HTTPRoute'],
  ...['--set', 'backend.pdb.enabled=true', '--set', 'frontend.pdb.enabled=true'],
  ...['--set', 'backend.autoscaling.enabled=true', '--set', 'frontend.autoscaling.enabled=true'],
];
