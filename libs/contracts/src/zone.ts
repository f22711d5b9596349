// No imports: browser code takes this at run time (`@todo/contracts/zone`).

/** The wall clock of an instant in an IANA time zone, read with Intl. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * Date formats made once per locale, zone and style, and kept (the oldest go past a bound). Each holds tens of KiB of
 * ICU memory outside the JavaScript heap, which the garbage collector does not count: made per call (as
 * `Date#toLocaleString` with options does), a server's renders or chat turns grew its memory by tens to hundreds of
 * MiB. Zones should be canonical (`canonicalTimeZone`), so that spellings of one zone share a format.
 */
const formats = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATS = 200;

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    if (formats.size >= MAX_FORMATS) formats.delete(formats.keys().next().value!);
    formats.set(key, format);
  }
  return format;
}

/** The wall clock at `instant` (ms since the epoch) in `timeZone`; Intl throws a RangeError for an unknown zone. */
export function wallClock(instant: number, timeZone: string): WallClock {
  const parts = dateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: n('year'),
    month: n('month'),
    day: n('day'),
    hour: n('hour'),
    minute: n('minute'),
    second: n('second'),
  };
}

/** The offset of `timeZone` from UTC at `instant`, in ms (positive east of Greenwich; whole seconds). */
export function zoneOffset(instant: number, timeZone: string): number {
  const { year, month, day, hour, minute, second } = wallClock(instant, timeZone);
  return Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(instant / 1000) * 1000;
}

/** Spellings of known zones, in lower case, to their canonical names: a bounded set (Intl knows about 600). */
const zoneNames = new Map<string, string>();

/**
 * The canonical name of the time zone `value` names (Intl takes any spelling and alias: `europe/PARIS` is
 * `Europe/Paris`), or undefined; made once per spelling, so that zones from a cookie or a request body cost a
 * formatter (tens of KiB of ICU memory the garbage collector does not count) per zone, not per call.
 */
export function canonicalTimeZone(value: string | undefined): string | undefined {
  if (!value || value.length > 64) return undefined;
  const key = value.toLowerCase();
  let zone = zoneNames.get(key);
  if (zone === undefined) {
    try {
      zone = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
    } catch {
      return undefined;
    }
    zoneNames.set(key, zone);
  }
  return zone;
}
