import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The chart the release was installed from. */
export const CHART_DIR = resolve(import.meta.dirname, '../../../deploy/charts/todo');
/** The chart's strict values schema: the single source of the bounds the ops tools respect. */
export const SCHEMA_PATH = join(CHART_DIR, 'values.schema.json');

export interface Bounds {
  minimum: number;
  maximum: number;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
const schema = (): any => JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));

/** Components whose replicas the chart sets (backend, frontend). */
export const scalableComponents = (): string[] =>
  Object.entries(schema().properties)
    .filter(([, value]: [string, any]) => value?.properties?.replicas)
    .map(([key]) => key);

/** Components with a `resources` block in the values (backend, frontend, database, ...). */
export const resourceComponents = (): string[] =>
  Object.entries(schema().properties)
    .filter(([, value]: [string, any]) => value?.properties?.resources)
    .map(([key]) => key);

/** minimum/maximum of `<component>.<path>` (e.g. replicas, autoscaling.maxReplicas) in the schema. */
export function bounds(component: string, path: string): Bounds {
  let node = schema().properties[component];
  for (const key of path.split('.')) node = node?.properties?.[key];
  if (!node) throw new Error(`${component}.${path} is not in the chart's values schema`);
  return { minimum: node.minimum ?? 0, maximum: node.maximum ?? Number.MAX_SAFE_INTEGER };
}
