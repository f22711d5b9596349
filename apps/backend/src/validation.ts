import { Ajv, type Options } from 'ajv';
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

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema);
