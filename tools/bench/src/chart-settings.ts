// What the chart sets for a Node container that changes how it runs: NODE_OPTIONS (V8's heap sized to the pod's
// memory limit), read from a real `helm template` of the chart's defaults. The bench runs each app, and the
// baseline it is compared with, with its pod's settings.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { kubeTool } from '@todo/kube-tools';

const chart = resolve(import.meta.dirname, '../../../deploy/charts/todo');

export async function chartNodeOptions(component: 'backend' | 'frontend'): Promise<string> {
  const template = `templates/${component}/deployment.yaml`;
  const { stdout } = await promisify(execFile)(await kubeTool('helm'), ['template', 'todo', chart, '-s', template]);
  const [deployment] = parseAllDocuments(stdout).map((document) => document.toJS());
  const env: { name: string; value?: string }[] = deployment.spec.template.spec.containers[0].env ?? [];
  const options = env.find((variable) => variable.name === 'NODE_OPTIONS')?.value;
  if (!options) throw new Error(`the chart sets no NODE_OPTIONS for the ${component}`);
  return options;
}
