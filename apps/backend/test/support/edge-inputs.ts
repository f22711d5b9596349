// Generators of the inputs that pass a loose schema and then fail in PostgreSQL or in `Date`: each is a class, built
// from its parts at and around the limits, never a list of known bad values.
import fc from 'fast-check';

/** C0 and C1 control characters (NUL, line breaks, ESC, DEL ...), one of them at least. */
const controlChar = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }))
  .map((code) => String.fromCharCode(code));
export const controlString = fc
  .tuple(
    fc.string({ maxLength: 12 }),
    fc.array(controlChar, { minLength: 1, maxLength: 3 }),
    fc.string({ maxLength: 12 }),
  )
  .map(([before, controls, after]) => `${before}${controls.join('')}${after}`);

const pad = (value: number, width: number) => String(Math.abs(value)).padStart(width, '0');
const near = (limits: number[], spread: number) =>
  fc.oneof(...limits.map((limit) => fc.integer({ min: limit - spread, max: limit + spread })));

/** The parts of a date-time around every edge: years 0-99 and 1000 and 9999, day 0 and 31, hour 24, second 60. */
const partsNearEdges = fc.record({
  year: fc.oneof(near([0, 99, 1000, 9999], 2), fc.integer({ min: 10_000, max: 275_761 })),
  month: fc.integer({ min: 0, max: 13 }),
  day: fc.integer({ min: 0, max: 32 }),
  hour: fc.integer({ min: 0, max: 24 }),
  minute: fc.integer({ min: 0, max: 60 }),
  second: fc.integer({ min: 0, max: 61 }),
  fraction: fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 9 })),
  offset: fc.option(
    fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 60 })),
  ),
});
const fromParts = fc.tuple(partsNearEdges, fc.constantFrom('T', 't', ' ')).map(([p, separator]) => {
  const year = p.year > 9999 ? `+${pad(p.year, 6)}` : pad(p.year, 4);
  const offset = p.offset ? `${p.offset[0]}${pad(p.offset[1], 2)}:${pad(p.offset[2], 2)}` : 'Z';
  const fraction = p.fraction === null ? '' : `.${p.fraction}`;
  return `${year}-${pad(p.month, 2)}-${pad(p.day, 2)}${separator}${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}${fraction}${offset}`;
});

/** An instant a few milliseconds to a day around year 1000's start or year 9999's end, written in any offset. */
const MIN = Date.UTC(1000, 0, 1);
const MAX = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const DAY = 86_400_000;
const aroundTheRange = fc
  .tuple(
    fc.constantFrom(MIN, MAX),
    fc.oneof(fc.integer({ min: -2, max: 2 }), fc.integer({ min: -DAY, max: DAY })),
    fc.integer({ min: -14 * 60, max: 14 * 60 }),
  )
  .map(([edge, delta, offsetMinutes]) => {
    const local = new Date(edge + delta + offsetMinutes * 60_000).toISOString().slice(0, -1); // wall clock there
    const sign = offsetMinutes < 0 ? '-' : '+';
    return `${local}${sign}${pad(Math.trunc(offsetMinutes / 60), 2)}:${pad(offsetMinutes % 60, 2)}`;
  });

/** Date-times at and past the edges: of the calendar, the clock, the offsets and the range the API stores. */
export const edgeDateTime = fc.oneof(fromParts, aroundTheRange);

/** Integers at and past the limits of the id columns (integer, bigint as a JS number) and of 0 and 1. */
export const edgeInteger = fc.oneof(
  near([0, 1, 2 ** 31 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER], 2),
  near([-(2 ** 31)], 2),
  fc.bigInt({ min: 2n ** 53n, max: 10n ** 40n }).map(Number),
);
/** The same, as they appear in a path or query: also beyond what a JS number holds exactly, and with a fraction. */
export const edgeIntegerText = fc.oneof(
  edgeInteger.map(String),
  fc.bigInt({ min: 2n ** 31n - 2n, max: 10n ** 40n }).map(String),
  edgeInteger.map((n) => `${n}.5`),
);

const SORTS = ['created', 'updated', 'due', 'priority', 'title'] as const;
const ORDERS = ['asc', 'desc'] as const;

/** A cursor built the way the listings build theirs (base64url JSON of the right shape) holding wrong values. */
export const forgedCursor = fc
  .record({
    sort: fc.constantFrom(...SORTS),
    order: fc.constantFrom(...ORDERS),
    value: fc.oneof(
      edgeDateTime,
      controlString,
      fc.constantFrom('low', 'medium', 'high', 'LOW', ''),
      fc.constant(null),
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
    ),
    id: edgeInteger,
  })
  .map((cursor) => ({ ...cursor, text: Buffer.from(JSON.stringify(cursor)).toString('base64url') }));
