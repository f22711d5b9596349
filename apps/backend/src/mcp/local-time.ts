import { Temporal } from 'temporal-polyfill';
import { invalidField } from '../errors.js';

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/**
 * A tool's due date as an instant: one with an offset as given; a local date and time resolved in `timeZone` by its
 * rules (the offset of that day, not of today). A time a daylight-saving change skips moves forward by the gap
 * (02:30 becomes 03:30); one it repeats is the first of the two (RFC 5545 and Temporal's `compatible`).
 */
export function resolveDueAt<T extends string | null | undefined>(value: T, timeZone: string): T | string {
  if (typeof value !== 'string' || !LOCAL.test(value)) return value;
  try {
    return Temporal.PlainDateTime.from(value, { overflow: 'reject' })
      .toZonedDateTime(timeZone, { disambiguation: 'compatible' })
      .toInstant()
      .toString();
  } catch {
    throw invalidField('due_at', 'arguments', 'is not a valid date and time');
  }
}

/** Today's date where the user is (`2026-03-08` in Tokyo while it is still the 7th in UTC). */
export const localDate = (now: Date, timeZone: string): string =>
  Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone).toPlainDate().toString();
