import { fillPlaceholders, type Query } from 'drizzle-orm';
import pg from 'pg';

const { builtins } = pg.types;
const asText = (value: string) => value;
/** As Drizzle's node-postgres driver reads them: timestamps as text (the row mapper parses them), the rest as pg does. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === builtins.TIMESTAMPTZ || oid === builtins.TIMESTAMP
      ? asText
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * A timestamp as PostgreSQL writes it in UTC (`2026-01-02 03:04:05.6+00`) as the API writes it
 * (`2026-01-02T03:04:05.600Z`), by moving characters: parsing a date is the largest cost of mapping a row. Any other
 * form (another session time zone, a year past 9999, BC) goes through `Date`, as Drizzle reads it.
 */
export function isoInstant(text: string): string {
  const length = text.length;
  if (
    length >= 22 &&
    length <= 26 &&
    text.endsWith('+00') &&
    text[4] === '-' &&
    text[10] === ' ' &&
    text[19] === (length === 22 ? '+' : '.')
  ) {
    const fraction = length === 22 ? '' : text.slice(20, length - 3);
    return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction.padEnd(3, '0')}Z`;
  }
  return new Date(text).toISOString();
}

/**
 * Statements Drizzle builds once per shape and the pool runs many times: building a query (walking its SQL chunks,
 * columns and casing) and mapping each row through Drizzle's entity checks cost more than the query's own round trip
 * on the hot routes. A statement is built with `sql.placeholder(name)` wherever a call's values differ; `key` names
 * everything else (which filters, which sort, which columns a write sets), so one key always builds the same text.
 * Rows come back as arrays, in the order of the statement's columns. Unnamed statements, as every other query here:
 * a transaction-mode pooler keeps no named ones.
 */
export class Statements {
  private readonly built = new Map<string, Query>();

  constructor(private readonly pool: pg.Pool) {}

  async rows(key: string, build: () => { toSQL(): Query }, values: Record<string, unknown>): Promise<unknown[][]> {
    let query = this.built.get(key);
    if (!query) {
      query = build().toSQL();
      this.built.set(key, query);
    }
    const result = await this.pool.query<unknown[]>({
      text: query.sql,
      values: fillPlaceholders(query.params, values),
      rowMode: 'array',
      types,
    });
    return result.rows;
  }
}
