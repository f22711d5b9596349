import { Type } from 'typebox';
import { Value } from 'typebox/value';
import type { SortOrder, TaskSort } from '@todo/contracts';
import { invalidField } from '../errors.js';

/**
 * Where the previous page ended: the sort key of its last row, and the row's id as tie-breaker. A task walk also
 * carries when it began (`since`, epoch ms) and whether it has reached the tasks changed since (`changed`).
 */
const Cursor = Type.Object(
  {
    sort: Type.String(),
    order: Type.String(),
    value: Type.Union([Type.String(), Type.Null()]),
    id: Type.Integer({ minimum: 1 }),
    since: Type.Optional(Type.Integer({ minimum: 0, maximum: 8.64e15 })),
    changed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Whether a cursor's value is a timestamp as the listings write it (`toISOString()`). */
export const isInstant = (value: string | null): value is string =>
  value !== null && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));

export interface CursorPosition {
  value: string | null;
  id: number;
  since?: number;
  changed?: boolean;
}

export function encodeCursor(sort: TaskSort, order: SortOrder, position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ sort, order, ...position })).toString('base64url');
}

/** Decodes an opaque cursor; it must come from a listing with the same sort and order. */
export function decodeCursor(cursor: string, sort: TaskSort, order: SortOrder): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidField('cursor', 'querystring', 'is not a valid cursor');
  }
  if (!Value.Check(Cursor, parsed)) throw invalidField('cursor', 'querystring', 'is not a valid cursor');
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
