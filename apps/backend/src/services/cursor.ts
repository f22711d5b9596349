import { Type } from 'typebox';
import { Value } from 'typebox/value';
import type { SortOrder, TaskSort } from '@todo/contracts';
import { invalidField } from '../errors.js';

/** Where the previous page ended: the sort key of its last row, and the row's id as tie-breaker. */
const Cursor = Type.Object(
  {
    sort: Type.String(),
    order: Type.String(),
    value: Type.Union([Type.String(), Type.Null()]),
    id: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export interface CursorPosition {
  value: string | null;
  id: number;
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
  return { value: parsed.value, id: parsed.id };
}
