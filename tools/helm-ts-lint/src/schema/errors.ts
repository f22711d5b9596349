import { pointerSegments, pointerToPath } from '../path.js';
import type { K8sObject } from '../types.js';
import type { ModelClass } from './kinds.js';

/** The part of an Ajv error that `kubernetes-models` throws. */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface SchemaViolation {
  path: string;
  message: string;
}

/** Validates an object against its `kubernetes-models` class: one violation per offending path. */
export function schemaViolations(model: ModelClass, object: K8sObject): SchemaViolation[] {
  return violationsOf(validationErrors(model, object), object);
}

/** Ajv's errors for `object`, grouped: one violation per offending path. */
export function violationsOf(errors: SchemaError[], object: K8sObject): SchemaViolation[] {
  const groups = new Map<string, SchemaError[]>();
  for (const error of errors) {
    const key =
      error.keyword === 'required' ? `${error.instancePath}/${error.params.missingProperty}` : error.instancePath;
    groups.set(key, [...(groups.get(key) ?? []), error]);
  }
  return [...groups].map(([pointer, errors]) => describe(pointer, errors, object));
}

function validationErrors(model: ModelClass, object: K8sObject): SchemaError[] {
  try {
    new model(object).validate();
    return [];
  } catch (error) {
    if (error instanceof Error && Array.isArray((error as { errors?: unknown }).errors)) {
      return (error as Error & { errors: SchemaError[] }).errors;
    }
    throw error;
  }
}

/** Errors at one path, e.g. both branches of an int-or-string `oneOf`, become one message. */
function describe(pointer: string, errors: SchemaError[], object: K8sObject): SchemaViolation {
  const required = errors.find((error) => error.keyword === 'required');
  if (required) {
    return { path: pointerToPath(pointer), message: `required field "${required.params.missingProperty}" is missing` };
  }
  const types = errors.filter((error) => error.keyword === 'type').map((error) => error.params.type);
  const others = errors
    .filter((error) => !['type', 'oneOf', 'anyOf'].includes(error.keyword))
    .map((error) =>
      error.keyword === 'enum'
        ? `be one of ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`
        : (error.message ?? error.keyword).replace(/^must /, ''),
    );
  const parts = [...(types.length ? [`be ${types.join(' or ')}`] : []), ...others];
  const expectation = parts.length ? `must ${parts.join(' or ')}` : (errors[0].message ?? 'is invalid');
  return { path: pointerToPath(pointer), message: `${expectation} (got ${JSON.stringify(valueAt(object, pointer))})` };
}

function valueAt(object: K8sObject, pointer: string): unknown {
  return pointerSegments(pointer).reduce<unknown>((value, key) => (value as Record<string, unknown>)?.[key], object);
}
