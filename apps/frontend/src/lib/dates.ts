/**
 * Due dates in the user's time zone. A task due "all day" is due at the last millisecond of its day (23:59:59.999
 * local): it is not overdue until the day is over, and it shows without a time. Formatting names its zone and
 * locale, so the server's render and the browser's agree.
 */

import { dateTimeFormat, zoneOffset } from '@todo/contracts/zone';

const LOCALE = 'en';
const DAY_MS = 86_400_000;

/** The instant of a wall-clock time (`YYYY-MM-DDTHH:mm[:ss.SSS]`, no zone) in `timeZone`. */
export function zonedToInstant(local: string, timeZone: string): Date {
  const asUtc = Date.parse(`${local}Z`);
  let instant = asUtc - zoneOffset(asUtc, timeZone);
  instant = asUtc - zoneOffset(instant, timeZone); // a second pass settles daylight-saving edges
  return new Date(instant);
}

/** `YYYY-MM-DD` and `HH:mm` of an instant in `timeZone`. */
export function localParts(date: Date, timeZone: string): { day: string; time: string; ms: number } {
  const shifted = new Date(date.getTime() + zoneOffset(date.getTime(), timeZone));
  const iso = shifted.toISOString();
  return {
    day: iso.slice(0, 10),
    time: iso.slice(11, 16),
    ms: shifted.getUTCSeconds() * 1000 + shifted.getUTCMilliseconds(),
  };
}

/** The last millisecond of the day `now` falls in, in `timeZone`. */
export function endOfDay(now: Date, timeZone: string): Date {
  return zonedToInstant(`${localParts(now, timeZone).day}T23:59:59.999`, timeZone);
}

/** Whether local parts are an all-day due time (23:59:59.999). */
const allDay = (parts: { time: string; ms: number }) => parts.time === '23:59' && parts.ms === 59_999;

/** The form's date and optional time (local) to an ISO instant; no time means all day. */
export function dueToIso(day: string, time: string, timeZone: string): string | null {
  if (!day) return null;
  return zonedToInstant(time ? `${day}T${time}:00.000` : `${day}T23:59:59.999`, timeZone).toISOString();
}

/** The form's date and time fields for a due instant (no time for an all-day task). */
export function isoToDue(iso: string | null, timeZone: string): { day: string; time: string } {
  if (!iso) return { day: '', time: '' };
  const parts = localParts(new Date(iso), timeZone);
  return { day: parts.day, time: allDay(parts) ? '' : parts.time };
}

export function isOverdue(task: { due_at: string | null; completed: boolean }, now = Date.now()): boolean {
  return !task.completed && task.due_at !== null && Date.parse(task.due_at) < now;
}

/** "Today", "Tomorrow", "Yesterday", a weekday within the week ahead, else a date; then the time unless all day. */
export function formatDue(iso: string, timeZone: string, now = new Date()): string {
  const date = new Date(iso);
  const parts = localParts(date, timeZone);
  const day = parts.day;
  const today = localParts(now, timeZone).day;
  const days = Math.round((Date.parse(day) - Date.parse(today)) / DAY_MS);
  const named =
    days === 0
      ? 'Today'
      : days === 1
        ? 'Tomorrow'
        : days === -1
          ? 'Yesterday'
          : days > 1 && days < 7
            ? dateTimeFormat(LOCALE, { timeZone, weekday: 'long' }).format(date)
            : dateTimeFormat(LOCALE, {
                timeZone,
                day: 'numeric',
                month: 'short',
                year: day.slice(0, 4) === today.slice(0, 4) ? undefined : 'numeric',
              }).format(date);
  if (allDay(parts)) return named;
  const time = dateTimeFormat(LOCALE, { timeZone, hour: 'numeric', minute: '2-digit' }).format(date);
  return `${named}, ${time}`;
}

/** The browser's IANA time zone. */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "Europe/Paris (GMT+1)": the zone's name and its current offset. */
export function timeZoneLabel(timeZone: string, now = new Date()): string {
  const offset = dateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' })
    .formatToParts(now)
    .find((p) => p.type === 'timeZoneName')?.value;
  return offset ? `${timeZone.replaceAll('_', ' ')} (${offset})` : timeZone;
}
