import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { isDateTime, TASK_LIMITS, type SortOrder, type TaskSort } from '@todo/contracts';
import { invalidField } from '../errors.js';

/** The largest id of an `integer` column; a `bigint` one (the audit trail's) holds up to MAX_SAFE_INTEGER here. */
export const INT4_MAX = 2 ** 31 - 1;

/**
 * Where the previous page ended: the sort key of its last row, and the row's id as tie-breaker. A task walk also
 * carries what its first page's snapshot saw (`since`, `busy`: see `WalkSnapshot`) and whether it has reached the
 * tasks changed since (`changed`).
 */
const Cursor = Type.Object(
  {
    sort: Type.String(),
    order: Type.String(),
    value: Type.Union([Type.String(), Type.Null()]),
    id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    since: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    busy: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }))),
    changed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** Whether a cursor's value is a timestamp exactly as the listings write it (`toISOString()`), in range. */
export const isInstant = (value: string | null): value is string =>
  value !== null && isDateTime(value) && new Date(value).toISOString() === value;

/** Whether a cursor's value is text PostgreSQL can compare (text cannot hold NUL). */
export const isText = (value: string | null): value is string => value !== null && !value.includes('\0');

/**
 * The transactions a walk's first page did not see: those from `since` on (its snapshot's xmax: none of them had
 * completed), and those in `busy` below it (its snapshot's list of transactions still running). Any other row
 * version is one the first page saw. Without `busy`, every transaction from `since` on counts as unseen.
 */
export interface WalkSnapshot {
  since: number;
  busy?: number[];
}

/** A walk's snapshot from `pg_current_snapshot()` as text: `xmin:xmax:running,…`. */
export function walkSnapshot(snapshot: unknown): WalkSnapshot {
  const [, xmax, running] = String(snapshot).split(':');
  const busy = running ? running.split(',').map(Number) : [];
  return busy.length ? { since: Number(xmax), busy } : { since: Number(xmax) };
}

export interface CursorPosition extends Partial<WalkSnapshot> {
  value: string | null;
  id: number;
  changed?: boolean;
}

/**
 * An opaque cursor, at most TASK_LIMITS.cursorMax characters: when a long list of running transactions would take
 * it past that, it keeps the oldest of them as `since` instead, which counts more tasks as changed (they may come
 * twice) and none fewer.
 */
export function encodeCursor(sort: TaskSort, order: SortOrder, position: CursorPosition): string {
  const encode = (at: CursorPosition) => Buffer.from(JSON.stringify({ sort, order, ...at })).toString('base64url');
  const cursor = encode(position);
  if (cursor.length <= TASK_LIMITS.cursorMax || !position.busy?.length) return cursor;
  return encode({ ...position, since: Math.min(...position.busy), busy: undefined });
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
  return { value: parsed.value, id: parsed.id, since: parsed.since, busy: parsed.busy, changed: parsed.changed };
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
