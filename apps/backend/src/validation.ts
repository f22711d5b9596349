import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { isDateTime } from '@todo/contracts';

/**
 * Bodies are JSON and validated as sent: no type coercion, unknown fields rejected (never stripped).
 * Path and query parameters arrive as strings, so they are coerced to the schema's types.
 */
function compiler(options: Options) {
  const ajv = new Ajv({ allErrors: false, removeAdditional: false, useDefaults: true, strict: false, ...options });
  addFormats.default(ajv);
  // Stricter than RFC 3339 alone: what PostgreSQL stores and gives back as the same instant.
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  return ajv;
}

const strict = compiler({ coerceTypes: false });
const coercing = compiler({ coerceTypes: 'array' });

/** Each route's validators are compiled on first use: compiling them all before listening slows every start. */
export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : coercing;
  let compiled: ValidateFunction | undefined;
  const validate = Object.assign(
    (data: unknown) => {
      compiled ??= ajv.compile(schema);
      const valid = compiled(data);
      validate.errors = compiled.errors; // where Fastify reads them
      return valid;
    },
    { errors: undefined as ValidateFunction['errors'] },
  );
  return validate;
};
