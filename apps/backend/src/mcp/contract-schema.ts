import type { Static, TSchema } from 'typebox';
import { Format } from 'typebox/format';
import { Value } from 'typebox/value';
import { z } from 'zod';
import { isDateTime } from '@todo/contracts';

// `date-time` as the API checks it (validation.ts): a real date within DATE_TIME_RANGE.
Format.Set('date-time', isDateTime);

/**
 * A tool argument from the contract's own schema (`libs/contracts`), so MCP and chat accept exactly what the REST
 * API accepts. Clients are shown the contract's JSON Schema; TypeBox checks values against it as Ajv does for the
 * API (lengths in characters, not the UTF-16 units zod's `max` counts). `description` tells the model what to send.
 */
export function fromContract<T extends TSchema>(schema: T, description?: string): z.ZodType<Static<T>> {
  const published = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
  return z
    .unknown()
    .superRefine((value, context) => {
      const [error] = Value.Errors(schema, value);
      if (error) context.addIssue({ code: 'custom', message: `${error.instancePath || 'value'} ${error.message}` });
    })
    .meta(description ? { ...published, description } : published) as unknown as z.ZodType<Static<T>>;
}
