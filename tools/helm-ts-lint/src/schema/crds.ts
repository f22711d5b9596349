import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from '../types.js';
import { violationsOf, type SchemaError, type SchemaViolation } from './errors.js';

/** CustomResourceDefinitions vendored from their projects at the versions the chart targets (crds/<project>/). */
const crdRoot = join(import.meta.dirname, '../../crds');

type JsonSchema = Record<string, unknown>;

/**
 * A CRD's structural schema as Ajv takes it: the API server prunes fields a schema does not declare (unless
 * `x-kubernetes-preserve-unknown-fields`), so an unknown field is an error here, as it is for core objects.
 * CEL rules (`x-kubernetes-validations`) are the API server's alone and are not checked.
 */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (typeof schema !== 'object' || schema === null) return schema;
  const entries = Object.entries(schema as JsonSchema)
    .filter(([key]) => !key.startsWith('x-kubernetes-') && key !== 'format')
    .map(([key, value]) => [key, key === 'properties' ? mapValues(value as JsonSchema, strict) : strict(value)]);
  const result = Object.fromEntries(entries) as JsonSchema;
  const open = (schema as JsonSchema)['x-kubernetes-preserve-unknown-fields'] === true;
  if (result.properties && result.additionalProperties === undefined && !open) result.additionalProperties = false;
  return result;
}

const mapValues = (object: JsonSchema, map: (value: unknown) => unknown) =>
  Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)]));

interface CrdVersion {
  name: string;
  schema: { openAPIV3Schema: JsonSchema };
}
interface Crd {
  kind: string;
  spec: { group: string; names: { kind: string }; versions: CrdVersion[] };
}

/** The vendored CRD files by API group, from their names (`<group>_<plural>.yaml`): cheap, read at once. */
function crdFiles(): Map<string, string[]> {
  const files = new Map<string, string[]>();
  for (const project of readdirSync(crdRoot, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const name of readdirSync(join(crdRoot, project.name)).filter((file) => file.endsWith('.yaml'))) {
      const group = name.split('_')[0];
      files.set(group, [...(files.get(group) ?? []), join(crdRoot, project.name, name)]);
    }
  }
  return files;
}

/** One validator per `<group>/<version>/<Kind>`, compiled when the chart first renders an object of it. */
class CrdValidators {
  private readonly files = crdFiles();
  private readonly schemas = new Map<string, JsonSchema>();
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly loaded = new Set<string>();
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

  get(object: K8sObject): ValidateFunction | undefined {
    const key = `${object.apiVersion}/${object.kind}`;
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
    if (!this.loaded.has(group)) this.load(group);
    const schema = this.schemas.get(key);
    if (schema && !this.validators.has(key)) this.validators.set(key, this.ajv.compile(strict(schema) as JsonSchema));
    return this.validators.get(key);
  }

  private load(group: string): void {
    this.loaded.add(group);
    for (const file of this.files.get(group) ?? []) {
      for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const crd = document.toJS() as Crd | null;
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const version of crd.spec.versions)
          this.schemas.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, version.schema.openAPIV3Schema);
      }
    }
  }
}

let validators: CrdValidators | undefined;

/** Violations of the vendored CRD's schema; undefined when no vendored CRD defines the kind. */
export function crdViolations(object: K8sObject): SchemaViolation[] | undefined {
  validators ??= new CrdValidators();
  const validate = validators.get(object);
  if (!validate) return undefined;
  return validate(object) ? [] : violationsOf((validate.errors ?? []) as SchemaError[], object);
}
