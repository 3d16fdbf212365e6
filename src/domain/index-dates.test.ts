import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexDate, utcInstant } from './index-dates.js';

describe('index dates', () => {
  it('gives every RFC 3339 form of an instant as toISOString does: UTC, milliseconds, Z', () => {
    expect(utcInstant('2099-01-01T23:59:59Z')).toBe('2099-01-01T23:59:59.000Z');
    expect(utcInstant('2099-01-01T23:59:59.9999999Z')).toBe('2099-01-01T23:59:59.999Z');
    expect(utcInstant('2099-01-01T23:59:59.5z')).toBe('2099-01-01T23:59:59.500Z');
    expect(utcInstant('2099-01-01T20:00:00-05:00')).toBe('2099-01-02T01:00:00.000Z');
    expect(utcInstant('2099-01-02T08:00:00.250+08:00')).toBe('2099-01-02T00:00:00.250Z');
    expect(utcInstant('2099-01-01T12:00:00')).toBe('2099-01-01T12:00:00.000Z');
  });

  it('reads a bare date as the start of that UTC day, or its last millisecond for an upper bound', () => {
    expect(utcInstant('2099-01-01')).toBe('2099-01-01T00:00:00.000Z');
    expect(utcInstant('2099-01-01', 'end')).toBe('2099-01-01T23:59:59.999Z');
    expect(utcInstant('2028-02-29', 'end')).toBe('2028-02-29T23:59:59.999Z');
  });

  it('refuses what is not a date of the calendar; indexDate keeps such a value as it is', () => {
    for (const value of ['2099-02-30', '2027-02-29', '2099-13-01', 'someday', '2099-01-01T25:00:00Z', '']) expect(utcInstant(value)).toBeUndefined();
    expect(indexDate('someday')).toBe('someday');
    expect(indexDate('2099-01-01T23:59:59Z')).toBe('2099-01-01T23:59:59.000Z');
  });

  it('property: text order of index dates is time order, whatever offset and precision they were given in', () => {
    const instant = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) });
    const written = fc.tuple(instant, fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.constantFrom(0, 1, 3, 6)).map(([ms, offsetMinutes, digits]) => {
      const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
      const fraction = digits === 0 ? '' : `.${String(ms % 1000).padStart(3, '0').padEnd(digits, '0').slice(0, digits)}`;
      const sign = offsetMinutes < 0 ? '-' : '+';
      const abs = Math.abs(offsetMinutes);
      const offset = offsetMinutes === 0 ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      return { text: `${local}${fraction}${offset}`, ms: digits === 0 ? ms - (ms % 1000) : digits === 1 ? ms - (ms % 100) : ms };
    });
    fc.assert(fc.property(written, written, (a, b) => {
      expect(Date.parse(indexDate(a.text))).toBe(a.ms);
      const [x, y] = [indexDate(a.text), indexDate(b.text)];
      expect(x < y ? -1 : x > y ? 1 : 0).toBe(Math.sign(a.ms - b.ms));
    }), { numRuns: 500 });
  });
});
