// The generated models only: the package's entry point loads undici, which fails on Node 20 (it needs >= 22.19).
import * as models from '@kubernetes/client-node/dist/gen/models/all.js';
import { child } from '../path.js';

/** What every generated model class carries: its fields (`baseName` is the JSON name) and type names. */
interface ModelInfo {
  attributeTypeMap: { baseName: string; type: string }[];
  discriminator?: string;
}

export interface UnknownField {
  path: string;
  field: string;
  /** The fields the model does know at that place. */
  known: string[];
}

const registry = models as unknown as Record<string, Partial<ModelInfo> | undefined>;

function modelInfo(typeName: string): ModelInfo | undefined {
  const model = registry[typeName];
  return Array.isArray(model?.attributeTypeMap) ? (model as ModelInfo) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Walks a value against a `@kubernetes/client-node` type (`V1Deployment`, `Array<V1Container>`,
 * `{ [key: string]: string; }`, ...) and returns every property the model does not declare.
 * Scalars (`string`, `IntOrString`, `Date`, `any`, ...) end the walk; type mismatches are the validator's job.
 */
export function unknownFields(value: unknown, typeName: string, path = ''): UnknownField[] {
  const array = /^Array<(.+)>$/.exec(typeName);
  if (array) {
    return Array.isArray(value) ? value.flatMap((item, i) => unknownFields(item, array[1], child(path, i))) : [];
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(typeName);
  if (map) {
    return isRecord(value)
      ? Object.entries(value).flatMap(([key, item]) => unknownFields(item, map[1], child(path, key)))
      : [];
  }
  const base = modelInfo(typeName);
  if (!base || !isRecord(value)) return [];
  const model = (base.discriminator && modelInfo(String(value[base.discriminator]))) || base;
  const fields = new Map(model.attributeTypeMap.map((attribute) => [attribute.baseName, attribute.type]));
  return Object.entries(value).flatMap(([key, item]) => {
    const type = fields.get(key);
    return type === undefined
      ? [{ path: child(path, key), field: key, known: [...fields.keys()] }]
      : unknownFields(item, type, child(path, key));
  });
}
