import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { isDateTime, type SortOrder, type TaskSort } from '@todo/contracts';
import { invalidField } from '../errors.js';

/** The largest id of an `integer` column; a `bigint` one (the audit trail's) holds up to MAX_SAFE_INTEGER here. */
export const INT4_MAX = 2 ** 31 - 1;

/**
 * Where the previous page ended: the sort key of its last row, and the row's id as tie-breaker. A task walk also
 * carries the first page's snapshot xmin (`since`) and whether it has reached the tasks changed since (`changed`).
 */
const Cursor = Type.Object(
  {
    sort: Type.String(),
    order: Type.String(),
    value: Type.Union([Type.String(), Type.Null()]),
    id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    since: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    changed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** Whether a cursor's value is a timestamp exactly as the listings write it (`toISOString()`), in range. */
export const isInstant = (value: string | null): value is string =>
  value !== null && isDateTime(value) && new Date(value).toISOString() === value;

/** Whether a cursor's value is text PostgreSQL can compare (text cannot hold NUL). */
export const isText = (value: string | null): value is string => value !== null && !value.includes('\0');

export interface CursorPosition {
  value: string | null;
  id: number;
  since?: number;
  changed?: boolean;
}

export function encodeCursor(sort: TaskSort, order: SortOrder, position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ sort, order, ...position })).toString('base64url');
}

/** Decodes an opaque cursor; it must come from a listing with the same sort and order, its id fit the column. */
export function decodeCursor(cursor: string, sort: TaskSort, order: SortOrder, maxId = INT4_MAX): CursorPosition {
  let parsed: unknown;
  try {
    const bytes = Buffer.from(cursor, 'base64url');
    // Buffer skips what is not base64url: only the cursor a listing wrote decodes.
    if (bytes.toString('base64url') !== cursor) throw new Error('not canonical base64url');
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalidField('cursor', 'querystring', 'is not a valid cursor');
  }
  if (!Value.Check(Cursor, parsed) || parsed.id > maxId)
    throw invalidField('cursor', 'querystring', 'is not a valid cursor');
  if (parsed.sort !== sort || parsed.order !== order) {
    throw invalidField('cursor', 'querystring', 'belongs to a listing with another sort or order');
  }
  return { value: parsed.value, id: parsed.id, since: parsed.since, changed: parsed.changed };
}

/**
 * One page from `limit + 1` fetched rows: the first `limit` as items, and a cursor after the last of them when the
 * extra row shows that more follow.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorAfter: (last: Row) => string,
): { items: Item[]; next_cursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(toItem), next_cursor: rows.length > limit && last ? cursorAfter(last) : null };
}
