/**
 * Index dates in one comparable form. The `date` index column of the aggregates projection
 * is filtered, ordered and paged as text, on every engine; text order is time order only when
 * every value has the same shape. So each value is stored, and each query bound compared, as
 * `Date#toISOString()` gives it: UTC, milliseconds, `Z` (`2099-01-01T23:59:59.999Z`). Without
 * it `…T23:59:59.999Z` sorted before `…T23:59:59Z` ("." < "Z"), and an offset was compared
 * as if it were UTC.
 */

const RFC_3339 = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2})(:\d{2})?(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?)?$/;

/**
 * `value` (an RFC 3339 date or date-time) as a UTC instant in toISOString form, or undefined
 * when it is neither or names no real time. A bare date is the start of that UTC day, or its
 * last millisecond with `bareDate: 'end'` (an inclusive upper bound). A date-time without an
 * offset is read as UTC (never as the server's zone); digits beyond milliseconds are dropped.
 */
export function utcInstant(value: string, bareDate: 'start' | 'end' = 'start'): string | undefined {
  const m = RFC_3339.exec(value);
  if (!m) return undefined;
  const [, date, hoursMinutes, seconds, fraction, offset] = m;
  const time = hoursMinutes === undefined
    ? (bareDate === 'start' ? '00:00:00.000' : '23:59:59.999')
    : `${hoursMinutes}${seconds ?? ':00'}.${(fraction ?? '').slice(0, 3).padEnd(3, '0')}`;
  const ms = Date.parse(`${date}T${time}${offset?.toUpperCase() ?? 'Z'}`);
  // Date.parse rolls 2026-02-30 over to March 2: a day the calendar lacks is not a date.
  if (Number.isNaN(ms) || new Date(Date.parse(`${date}T00:00:00.000Z`)).toISOString().slice(0, 10) !== date) return undefined;
  return new Date(ms).toISOString();
}

/**
 * The form an aggregate's index `date` is stored in (see the module comment); a value that is
 * not an RFC 3339 date or date-time is kept as it is — it still sorts, just not as a time.
 */
export function indexDate(value: string): string {
  return utcInstant(value) ?? value;
}
