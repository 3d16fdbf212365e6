// What the inbox accepts of another node's notice events (body.ts): exactly what this node's
// decider writes. Given any lifecycle the decider accepts, every type of notice and every rule
// of the terms, then every body passes; given a body no decider writes, then the check names
// the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TERMS, NOTICE_TYPES, type NoticeType } from '../terms/index.js';
import { area, bodySpec, reason, text, words } from '../testing/body-spec.js';
import { actor, NOW } from '../testing/decider-spec.js';
import type { NoticeInput } from './index.js';
import { notices } from './index.js';

const spec = bodySpec(notices);
const red = actor('red', 'delegate');
const blue = actor('blue', 'duty_officer');
const DAY = 86_400;
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000).toISOString();
const count = fc.integer({ min: 0, max: 10_000_000 });

/** A window not yet over at NOW: it may have started already. */
const window = fc.tuple(fc.integer({ min: -10 * DAY, max: 100 * DAY }), fc.integer({ min: 1, max: 30 * DAY }))
  .map(([start, length]) => ({ start: at(start), end: at(Math.max(start, 0) + length) }));

/** Content of a notice of `type` as a member may give it: the fields its form requires, some optional forces. */
function content(type: NoticeType): fc.Arbitrary<Omit<NoticeInput, 'noticeType'>> {
  const extra = fc.record({ personnel: count, aircraft: count, ships: count, units: fc.array(words(200), { maxLength: 3 }) }, { requiredKeys: [] });
  const base = { window, description: text };
  switch (type) {
    case 'military_exercise':
    case 'major_movement':
      return fc.record({ ...base, area, forces: fc.tuple(extra, count).map(([forces, personnel]) => ({ ...forces, personnel })) });
    case 'missile_launch':
      return fc.record({ ...base, launchArea: area, impactArea: area, vehicleType: words(200), forces: extra }, { requiredKeys: ['window', 'description', 'launchArea', 'impactArea', 'vehicleType'] });
    case 'maritime_activity':
      return fc.record({ ...base, area, hazard: text, forces: fc.tuple(extra, count).map(([forces, ships]) => ({ ...forces, ships })) });
    case 'air_activity':
      return fc.record({ ...base, area, hazard: text, forces: fc.tuple(extra, count).map(([forces, aircraft]) => ({ ...forces, aircraft })) });
  }
}

const notice = fc.constantFrom(...NOTICE_TYPES).chain((noticeType) => fc.tuple(fc.constant(noticeType), content(noticeType), content(noticeType)));
/** The rule of the terms in force for every type: a lead time, and a threshold or none. */
const noticeTerms = fc.record({
  leadSeconds: fc.integer({ min: 1, max: 366 * DAY }),
  threshold: fc.record({ field: fc.constantFrom('personnel', 'ships', 'aircraft'), min: fc.integer({ min: 1, max: 1_000_000 }) }),
}, { requiredKeys: ['leadSeconds'] });
const STEPS = ['acknowledge', 'amend', 'cancel'] as const;

const exercise = {
  noticeType: 'military_exercise', window: { start: '2026-04-12T09:00:00.000Z', end: '2026-04-20T18:00:00.000Z' },
  area: { shape: 'circle', centre: { lat: 300_000_000, lon: 1_200_000_000 }, radius: 5000 },
  forces: { personnel: 12_000, units: ['3rd Armoured Brigade'] }, description: { en: 'NORTHERN SHIELD' },
  lead: { seconds: 42 * DAY, threshold: { field: 'personnel', min: 9000 }, isRequired: true, deadline: '2026-03-01T09:00:00.000Z' },
};
const launch = {
  noticeType: 'missile_launch', window: { start: '2026-03-05T00:00:00Z', end: '2026-03-05T06:00:00Z' }, description: { en: 'Test launch' },
  vehicleType: 'DF-21 class', launchArea: exercise.area, impactArea: { ...exercise.area, radius: 50_000 },
  lead: { seconds: DAY, isRequired: true, deadline: '2026-03-04T00:00:00.000Z' },
};

describe('notice bodies from another node', () => {
  it('given any lifecycle the decider accepts, when its events arrive, then every body passes', () => {
    fc.assert(fc.property(notice, noticeTerms, fc.array(fc.constantFrom(...STEPS), { maxLength: 5 }), reason,
      ([noticeType, given, amended], rule, steps, why) => {
        const run = spec.lifecycle();
        const terms = { ...DEFAULT_TERMS, notices: { ...DEFAULT_TERMS.notices, [noticeType]: rule } };
        run.decide(red, { type: 'give', terms, noticeType, ...given });
        let version = 'e1';
        let isAcknowledged = false;
        let amendments = 0;
        for (const step of steps) {
          if (step === 'acknowledge' && !isAcknowledged) {
            run.decide(blue, { type: 'acknowledge', version });
            isAcknowledged = true;
          }
          if (step === 'amend') {
            // Each amendment changes the description, so it is never the current version again.
            amendments += 1;
            const description = { ...amended.description, en: `${amended.description.en} (${amendments})` };
            run.decide(red, { type: 'amend', terms, noticeType, ...amended, description });
            version = `e${run.history.length}`;
            isAcknowledged = false;
          }
          if (step === 'cancel') {
            run.decide(red, { type: 'cancel', reason: why });
            break;
          }
        }
      },
    ), { numRuns: 100 });
    const run = spec.lifecycle();
    run.decide(red, { type: 'give', terms: DEFAULT_TERMS, ...(exercise as unknown as NoticeInput) });
    run.decide(red, { type: 'amend', terms: DEFAULT_TERMS, ...(exercise as unknown as NoticeInput), forces: { personnel: 100 } });
    run.decide(blue, { type: 'acknowledge', version: 'e2' });
    run.decide(red, { type: 'cancel', reason: 'Postponed' });
    spec.expectEveryTypeChecked();
  });

  it('given an activity that started long ago, then its lead deadline, before the year 100, still passes', () => {
    const run = spec.lifecycle();
    const old = { ...launch, window: { start: '0100-01-01T00:00:00Z', end: '2026-03-05T06:00:00Z' } } as unknown as NoticeInput;
    const [event] = run.decide(red, { type: 'give', terms: DEFAULT_TERMS, ...old });
    expect((event!.body as { lead: { deadline: string } }).lead.deadline).toBe('0099-12-31T00:00:00.000Z');
  });

  it('given a withheld body, then only the envelope counts', () => {
    expect(spec.refusal('notice.given', undefined)).toBeUndefined();
  });

  it('given versions no decider writes, then each is refused naming the field', () => {
    const given = (fields: object, of: object = exercise) => spec.refusal('notice.given', { ...of, ...fields });
    expect(given({})).toBeUndefined();
    expect(given({}, launch)).toBeUndefined();
    // Clock-free: an activity over here may not have been over where it was decided.
    expect(given({ window: { start: '2020-01-01T00:00:00Z', end: '2020-01-02T00:00:00Z' } })).toBeUndefined();
    expect(given({ forces: { personnel: 12_000, units: 'all' } })).toBe('units_invalid body.forces.units');
    expect(given({ forces: { personnel: 12_000, units: [{ name: 'x' }] } })).toBe('unit_invalid body.forces.units[0]');
    expect(given({ forces: { personnel: 12_000, units: ['x'.repeat(201)] } })).toBe('unit_invalid body.forces.units[0]');
    expect(given({ forces: { personnel: 12_000, units: Array(201).fill('x') } })).toBe('units_invalid body.forces.units');
    expect(given({ forces: { personnel: '12000' } })).toBe('count_invalid body.forces.personnel');
    expect(given({ forces: { personnel: 10_000_001 } })).toBe('count_invalid body.forces.personnel');
    expect(given({ forces: { personnel: 1, tanks: 3 } })).toBe('field_unknown body.forces.tanks');
    expect(given({ forces: undefined })).toBe('forces_missing body.forces.personnel');
    expect(given({ forces: [] }, launch)).toBe('forces_invalid body.forces');
    expect(given({ noticeType: 'parade' })).toBe('notice_type_invalid body.noticeType');
    expect(given({ description: 'NORTHERN SHIELD' })).toBe('text_invalid body.description');
    expect(given({ description: { en: { text: 'x' } } })).toBe('text_empty body.description.en');
    expect(given({ hazard: { en: 'x' } })).toBe('field_not_applicable body.hazard');
    expect(given({ area: exercise.area }, launch)).toBe('field_not_applicable body.area');
    expect(given({ vehicleType: ' ' }, launch)).toBe('vehicle_type_missing body.vehicleType');
    expect(given({ impactArea: undefined }, launch)).toBe('area_missing body.impactArea');
    expect(given({ area: { ...exercise.area, name: 'Box 7' } })).toBe('field_unknown body.area.name');
    expect(given({ window: { ...exercise.window, end: exercise.window.start } })).toBe('end_not_after_start body.window.end');
    expect(given({ window: { ...exercise.window, tz: 'UTC' } })).toBe('field_unknown body.window.tz');
    expect(given({ target: 'e1' })).toBe('field_unknown body.target');
    expect(given({ late: false })).toBe('field_unknown body.late');
  });

  it('given a lead rule no decider writes, then it is refused naming the field', () => {
    const lead = (fields: object) => spec.refusal('notice.given', { ...exercise, lead: { ...exercise.lead, ...fields } });
    expect(spec.refusal('notice.given', { ...exercise, lead: undefined })).toBe('lead_invalid body.lead');
    expect(lead({ threshold: undefined })).toBeUndefined();
    expect(lead({ seconds: -1 })).toBe('lead_invalid body.lead.seconds');
    expect(lead({ seconds: '3600' })).toBe('lead_invalid body.lead.seconds');
    expect(lead({ isRequired: 'yes' })).toBe('lead_invalid body.lead.isRequired');
    expect(lead({ deadline: 'never' })).toBe('time_invalid body.lead.deadline');
    expect(lead({ threshold: { field: 'personnel' } })).toBe('threshold_invalid body.lead.threshold.min');
    expect(lead({ threshold: { field: { x: 1 }, min: 1 } })).toBe('threshold_invalid body.lead.threshold.field');
    expect(lead({ threshold: { field: 'personnel', min: 1, max: 9 } })).toBe('field_unknown body.lead.threshold.max');
    expect(lead({ isLate: true })).toBe('field_unknown body.lead.isLate');
  });

  it('given amendments, acknowledgements and cancellations no decider writes, then each is refused naming the field', () => {
    const amended = { target: 'e1', supersedes: 'e1', ...exercise };
    expect(spec.refusal('notice.amended', amended)).toBeUndefined();
    expect(spec.refusal('notice.amended', { ...amended, supersedes: undefined })).toBe('version_invalid body.supersedes');
    expect(spec.refusal('notice.amended', { ...amended, target: '' })).toBe('target_invalid body.target');
    expect(spec.refusal('notice.amended', { ...amended, forces: { personnel: 1, units: 3 } })).toBe('units_invalid body.forces.units');
    expect(spec.refusal('notice.acknowledged', { target: 'e1', version: 'e2' }, 'blue')).toBeUndefined();
    expect(spec.refusal('notice.acknowledged', { target: 'e1' }, 'blue')).toBe('version_invalid body.version');
    expect(spec.refusal('notice.acknowledged', { target: 'e1', version: 'e2', note: 'ok' }, 'blue')).toBe('field_unknown body.note');
    expect(spec.refusal('notice.cancelled', { target: 'e1' })).toBeUndefined();
    expect(spec.refusal('notice.cancelled', { target: 'e1', reason: ['postponed'] })).toBe('reason_invalid body.reason');
  });
});
