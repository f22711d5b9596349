import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Values = Record<string, unknown>;

const isObject = (value: unknown): value is Values =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function merge(base: Values, override: Values): Values {
  const out: Values = { ...base };
  for (const [key, value] of Object.entries(override))
    out[key] = isObject(value) && isObject(out[key]) ? merge(out[key] as Values, value) : value;
  return out;
}

function scalar(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

/** `a.b.c=v` as {a:{b:{c:v}}} (the plain form of helm --set; enough for the keys the deploy reads). */
function fromSet(pair: string): Values {
  const [path, ...rest] = pair.split('=');
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((value, key) => ({ [key]: value }), scalar(rest.join('='))) as Values;
}

/** What the deploy needs to know of the values the release will get. */
export interface ReleaseSettings {
  autoscaling: boolean;
  ingress?: { host: string; tls: boolean };
  /** mesh.enabled: the pods get Linkerd's proxy, which must be installed. */
  mesh: boolean;
  /** Where PostgreSQL runs: cloudnative-pg needs the operator installed; each mode has its own workload to wait for. */
  database: 'statefulset' | 'cloudnative-pg' | 'external';
  /** database.pooler.enabled: PgBouncer's Deployment (statefulset mode) or CloudNativePG's Pooler. */
  pooler: boolean;
}

/** Merges the chart's defaults, the values files in order and the --set pairs, as helm does. */
export function releaseSettings(files: string[], set: string[]): ReleaseSettings {
  const values = [
    ...files.map((file) => (parse(readFileSync(file, 'utf8')) ?? {}) as Values),
    ...set.map(fromSet),
  ].reduce(merge, {});
  const get = (path: string) =>
    path.split('.').reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), values);
  return {
    autoscaling: get('backend.autoscaling.enabled') === true || get('frontend.autoscaling.enabled') === true,
    ingress:
      get('ingress.enabled') === true
        ? { host: String(get('ingress.host')), tls: get('ingress.tls.enabled') === true }
        : undefined,
    mesh: get('mesh.enabled') === true,
    database:
      get('database.external.enabled') === true
        ? 'external'
        : get('database.mode') === 'cloudnative-pg'
          ? 'cloudnative-pg'
          : 'statefulset',
    pooler: get('database.pooler.enabled') === true,
  };
}
