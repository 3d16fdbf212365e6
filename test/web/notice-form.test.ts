// The notices page's copy of the domain's notice rules: the fields each type requires are the
// domain's table, and the form's lead-time warning reaches the record's verdict (late or not,
// required or voluntary) for any start, size, lead time and time of giving.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOTICE_FORMS as DOMAIN_FORMS } from '../../src/domain/notice/fields.js';
import { leadRule } from '../../src/domain/notice/fields.js';
import { NOTICE_TYPES as DOMAIN_TYPES } from '../../src/domain/terms/index.js';
import { checkLead, NOTICE_FORMS, NOTICE_TYPES, standingOf } from '../../web/src/crisis/notices.js';

describe('the notices page\'s notice rules', () => {
  it('require of each type the fields the domain requires', () => {
    expect([...NOTICE_TYPES]).toEqual([...DOMAIN_TYPES]);
    expect(NOTICE_FORMS).toEqual(DOMAIN_FORMS);
  });

  it('warn of lateness exactly when the record will mark the notice late', () => {
    const base = Date.parse('2026-12-01T00:00:00Z');
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 90 * 86_400 }), fc.integer({ min: 1, max: 60 * 86_400 }), fc.integer({ min: -30 * 86_400, max: 90 * 86_400 }),
      fc.option(fc.record({ min: fc.integer({ min: 1, max: 20_000 }), size: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }) }), { nil: undefined }),
      (startIn, leadSeconds, givenIn, sized) => {
        const start = new Date(base + startIn * 1000).toISOString();
        const givenAt = base + givenIn * 1000;
        const threshold = sized ? { field: 'personnel', min: sized.min } : undefined;
        const forces = sized?.size === undefined ? undefined : { personnel: sized.size };
        const terms = { leadSeconds, ...(threshold ? { threshold } : {}) };
        const content = { noticeType: 'military_exercise' as const, window: { start, end: start }, description: { en: 'x' }, ...(forces ? { forces } : {}) };
        const rule = leadRule(content, terms);
        const check = checkLead(terms, start, forces, givenAt);
        expect(check.isRequired).toBe(rule.isRequired);
        expect(check.deadline).toBe(Date.parse(rule.deadline));
        // evolve.ts: late when required and the signed time is after the deadline.
        expect(check.isLate).toBe(rule.isRequired && givenAt > Date.parse(rule.deadline));
      },
    ));
  });

  it('name a notice voluntary below the threshold, else on time or late', () => {
    expect(standingOf({ isRequired: false, isLate: false })).toBe('voluntary');
    expect(standingOf({ isRequired: true, isLate: false })).toBe('on_time');
    expect(standingOf({ isRequired: true, isLate: true })).toBe('late');
  });
});
