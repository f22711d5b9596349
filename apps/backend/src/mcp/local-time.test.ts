import { describe, expect, it } from 'vitest';
import { wallClock } from '@todo/contracts/zone';
import { HttpError } from '../errors.js';
import { localDate, resolveDueAt } from './local-time.js';

/** The wall clock at `instant` in `timeZone`, read with Intl (independent of the code under test). */
function wallClockAt(instant: string, timeZone: string): string {
  const { year, month, day, hour, minute } = wallClock(Date.parse(instant), timeZone);
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Each zone's two 2026 changes: the day before to the day after, every quarter hour. */
const EDGES = {
  'America/New_York': ['2026-03-07', '2026-10-31'],
  'Europe/Berlin': ['2026-03-28', '2026-10-24'],
  'Australia/Sydney': ['2026-04-04', '2026-10-03'],
} as const;

describe('resolveDueAt at daylight-saving changes', () => {
  for (const [timeZone, days] of Object.entries(EDGES)) {
    it(`${timeZone}: every local quarter hour over both changes of 2026 means that time there`, () => {
      let skipped = 0;
      let repeated = 0;
      for (const first of days) {
        const start = Date.parse(`${first}T00:00:00Z`);
        for (let minutes = 0; minutes < 3 * 24 * 60; minutes += 15) {
          const at = new Date(start + minutes * 60_000);
          const local = `${at.toISOString().slice(0, 10)}T${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
          const instant = resolveDueAt(local, timeZone)!;
          const wall = wallClockAt(instant, timeZone);
          if (wall === local) {
            // A repeated time is the first of the two: an hour earlier is not also that local time.
            const hourBefore = new Date(Date.parse(instant) - 3_600_000).toISOString();
            if (wallClockAt(hourBefore, timeZone) === local) throw new Error(`${local}: not the first of two`);
            if (wallClockAt(new Date(Date.parse(instant) + 3_600_000).toISOString(), timeZone) === local) repeated++;
          } else {
            // A time the change skips moves forward by the gap (one hour).
            skipped++;
            expect(Date.parse(`${wall}:00Z`) - Date.parse(`${local}:00Z`), `${timeZone} ${local}`).toBe(3_600_000);
          }
        }
      }
      expect(skipped).toBe(4); // one skipped hour a year, four quarter hours
      expect(repeated).toBe(4);
    });
  }

  it("New York, 7 March 2026: tomorrow at 9 is 09:00 EDT (13:00 UTC), not today's offset", () => {
    expect(resolveDueAt('2026-03-08T09:00', 'America/New_York')).toBe('2026-03-08T13:00:00Z');
    expect(resolveDueAt('2026-03-07T09:00', 'America/New_York')).toBe('2026-03-07T14:00:00Z');
  });

  it('leaves an instant with an offset, null and absence as they are; refuses impossible dates', () => {
    expect(resolveDueAt('2026-03-08T09:00:00+02:00', 'America/New_York')).toBe('2026-03-08T09:00:00+02:00');
    expect(resolveDueAt(null, 'Asia/Tokyo')).toBeNull();
    expect(resolveDueAt(undefined, 'Asia/Tokyo')).toBeUndefined();
    for (const bad of ['2026-02-30T09:00', '2026-13-01T09:00', '2026-01-01T24:30'])
      expect(() => resolveDueAt(bad, 'UTC')).toThrow(HttpError);
  });

  it("gives today's date where the user is: in Tokyo at 01:30 it is already tomorrow in UTC terms", () => {
    const now = new Date('2026-03-07T16:30:00Z');
    expect(localDate(now, 'Asia/Tokyo')).toBe('2026-03-08');
    expect(localDate(now, 'America/New_York')).toBe('2026-03-07');
  });
});
