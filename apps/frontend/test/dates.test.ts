import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalTimeZone } from '@todo/contracts/zone';
import { dueToIso, formatDue, isoToDue, timeZoneLabel } from '../src/lib/dates';

const MiB = 1024 * 1024;
const HOUR = 3_600_000;

/** Resident memory growth (MiB) while `work` runs: what a server render pays in native memory. */
function rssGrowth(work: () => void): number {
  const before = process.memoryUsage().rss;
  work();
  return (process.memoryUsage().rss - before) / MiB;
}

describe('dates on a server', () => {
  // An Intl.DateTimeFormat holds tens of KiB of ICU memory outside the JavaScript heap, which the garbage collector
  // does not count: made per call, 1,000 renders of a page of 20 tasks grew the process by hundreds of MiB.
  it('formats 1,000 pages of due dates with flat memory', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const growth = rssGrowth(() => {
      for (let render = 0; render < 1000; render++) {
        for (let task = 0; task < 20; task++) {
          formatDue(new Date(now.getTime() + (render * 20 + task) * HOUR).toISOString(), 'Europe/Paris', now);
        }
        timeZoneLabel('Europe/Paris', now);
      }
    });
    expect(growth).toBeLessThan(64);
  });

  // The zone comes from a cookie, and Intl takes any spelling of a zone's name: each spelling kept its own formatters.
  it('keeps memory flat across spellings of zone names, each read as its canonical name', () => {
    const zones = ['America/Argentina/ComodRivadavia', 'Europe/Paris', 'Asia/Kolkata', 'Pacific/Port_Moresby'];
    const spelling = fc.tuple(fc.constantFrom(...zones), fc.infiniteStream(fc.boolean())).map(([zone, upper]) => ({
      zone,
      spelled: [...zone].map((c) => (upper.next().value ? c.toUpperCase() : c.toLowerCase())).join(''),
    }));
    const now = new Date('2026-03-01T12:00:00Z');
    const samples = fc.sample(spelling, { numRuns: 3000, seed: 18 });
    const read: [string | undefined, string | undefined][] = [];
    const growth = rssGrowth(() => {
      for (const { zone, spelled } of samples) {
        const canonical = canonicalTimeZone(spelled);
        read.push([canonical, canonicalTimeZone(zone)]);
        if (canonical) formatDue(new Date(now.getTime() + 30 * HOUR).toISOString(), canonical, now);
      }
    });
    expect(growth).toBeLessThan(64);
    for (const [canonical, expected] of read) expect(canonical).toBe(expected);
  });

  it('reads any string as a canonical zone or none', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom(...Intl.supportedValuesOf('timeZone'))),
        (value) => {
          const canonical = canonicalTimeZone(value);
          if (canonical !== undefined) {
            expect(canonicalTimeZone(canonical)).toBe(canonical);
            expect(formatDue('2026-03-02T10:00:00.000Z', canonical, new Date('2026-03-01T12:00:00Z'))).toBeTruthy();
          }
        },
      ),
    );
    for (const value of [undefined, '', 'Nowhere/Atlantis', 'Europe/Paris'.padEnd(65, 'x')])
      expect(canonicalTimeZone(value)).toBeUndefined();
  });

  it('shows an all-day due date without a time and a timed one with it, in any zone', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 23 * 60 + 58 }),
        fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
        (zone, when, minutes, now) => {
          const day = when.toISOString().slice(0, 10);
          const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
          const allDay = dueToIso(day, '', zone)!;
          expect(isoToDue(allDay, zone)).toEqual({ day, time: '' });
          expect(formatDue(allDay, zone, now)).not.toMatch(/\d:\d\d/);
          const timed = dueToIso(day, time, zone)!;
          // A wall-clock time skipped by a daylight-saving change moves; the field and the label agree all the same.
          const fields = isoToDue(timed, zone);
          expect(fields.time).not.toBe('');
          expect(formatDue(timed, zone, now)).toMatch(/, \d{1,2}:\d\d [AP]M$/);
        },
      ),
      { numRuns: 300 },
    );
  });
});
