import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TASK_LIMITS } from '@todo/contracts';
import { HttpError } from '../errors.js';
import { decodeCursor, encodeCursor, INT4_MAX, isInstant, walkSnapshot } from './cursor.js';

describe('cursor', () => {
  it('round-trips a position', () => {
    const cursor = encodeCursor('due', 'asc', { value: '2026-01-02T03:04:05.678Z', id: 42 });
    expect(cursor).toMatch(/^[\w-]+$/);
    expect(decodeCursor(cursor, 'due', 'asc')).toEqual({ value: '2026-01-02T03:04:05.678Z', id: 42 });
  });

  it('keeps a null sort value (a task without a due date)', () => {
    expect(decodeCursor(encodeCursor('due', 'desc', { value: null, id: 1 }), 'due', 'desc')).toEqual({
      value: null,
      id: 1,
    });
  });

  it.each([
    ['not base64 json', '!!!'],
    ['json of the wrong shape', Buffer.from('{"a":1}').toString('base64url')],
    ['a negative id', Buffer.from('{"sort":"due","order":"asc","value":null,"id":-1}').toString('base64url')],
    [
      'an id past an integer column',
      Buffer.from('{"sort":"due","order":"asc","value":null,"id":2147483648}').toString('base64url'),
    ],
    ['bytes that are not base64url', `${encodeCursor('due', 'asc', { value: null, id: 1 })}!`],
  ])('rejects %s as a 400 on the cursor field', (_, cursor) => {
    let error: unknown;
    try {
      decodeCursor(cursor, 'due', 'asc');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ statusCode: 400, details: [{ field: 'cursor', in: 'querystring' }] });
  });

  it('rejects a cursor from a listing with another sort or order', () => {
    const cursor = encodeCursor('title', 'asc', { value: 'a', id: 1 });
    expect(() => decodeCursor(cursor, 'title', 'desc')).toThrow(/another sort or order/);
    expect(() => decodeCursor(cursor, 'created', 'asc')).toThrow(/another sort or order/);
  });

  it('stays within TASK_LIMITS.cursorMax whatever the title (any 200 characters, escapes and emoji included)', () => {
    const worst = { value: '\u0001'.repeat(TASK_LIMITS.titleMax), id: 2147483647, since: Number.MAX_SAFE_INTEGER };
    expect(encodeCursor('title', 'desc', worst).length).toBeLessThanOrEqual(TASK_LIMITS.cursorMax);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: TASK_LIMITS.titleMax }), (value) => {
        const cursor = encodeCursor('title', 'asc', { value, id: 2147483647, since: Date.now() });
        expect(cursor.length).toBeLessThanOrEqual(TASK_LIMITS.cursorMax);
        expect(decodeCursor(cursor, 'title', 'asc').value).toBe(value);
      }),
      { numRuns: 500 },
    );
  });

  it('reads a walk from its first snapshot: unseen from its xmax on, and the transactions still running', () => {
    expect(walkSnapshot('734:734:')).toEqual({ since: 734 });
    expect(walkSnapshot('730:741:730,736')).toEqual({ since: 741, busy: [730, 736] });
    const cursor = encodeCursor('title', 'asc', { value: 'a', id: 7, since: 741, busy: [730, 736] });
    expect(decodeCursor(cursor, 'title', 'asc')).toMatchObject({ since: 741, busy: [730, 736] });
  });

  it('keeps the oldest running transaction as `since` when the list of them would pass cursorMax', () => {
    const busy = Array.from({ length: 400 }, (_, i) => 2 ** 40 + 3 * i + 1);
    const title = '😀'.repeat(TASK_LIMITS.titleMax);
    const cursor = encodeCursor('title', 'asc', { value: title, id: INT4_MAX, since: 2 ** 41, busy });
    expect(cursor.length).toBeLessThanOrEqual(TASK_LIMITS.cursorMax);
    const position = decodeCursor(cursor, 'title', 'asc');
    expect(position).toMatchObject({ value: title, since: busy[0] });
    expect(position.busy).toBeUndefined();
  });

  it('takes as an instant exactly what a listing writes, within the stored range', () => {
    const inRange = fc.date({
      min: new Date('1000-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59.999Z'),
      noInvalidDate: true, // an Invalid Date has no ISO text to take
    });
    fc.assert(fc.property(inRange, (date) => isInstant(date.toISOString())));
    for (const value of ['2026-02-30T00:00:00.000Z', '0050-01-01T00:00:00.000Z', '2026-01-01T00:00:00Z', null])
      expect(isInstant(value), String(value)).toBe(false);
  });
});
