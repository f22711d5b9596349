// The instants the API stores and gives back exactly: RFC 3339 date-times with a real calendar date, no leap
// second, between the years 1000 and 9999 in UTC once the offset is applied. PostgreSQL holds a wider range, but
// a year below 1000 does not survive the trip back through the driver, and a year above 9999 has no RFC 3339 form.

export const DATE_TIME_RANGE = { min: '1000-01-01T00:00:00.000Z', max: '9999-12-31T23:59:59.999Z' } as const;

const MIN = Date.parse(DATE_TIME_RANGE.min);
const MAX = Date.parse(DATE_TIME_RANGE.max);
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/i;

/** Day 0 of the next month is the last of this one. */
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Whether `value` is a date-time the API accepts (see above). */
export function isDateTime(value: string): boolean {
  const parts = RFC3339.exec(value);
  if (!parts) return false;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = parts
    .slice(1)
    .map((part) => Number(part ?? 0));
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHour <= 23 &&
    offsetMinute <= 59;
  const instant = Date.parse(value.toUpperCase());
  return valid && instant >= MIN && instant <= MAX;
}
