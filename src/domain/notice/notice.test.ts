import { describe, expect, it } from 'vitest';
import { DEFAULT_TERMS } from '../terms/index.js';
import { actor, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { noticeCompliance, notices, type NoticeState } from './index.js';

const n = spec(notices);
const DAY = 86_400_000;
// NOW is 2026-03-01T09:00:00Z; a major exercise needs 42 days' notice at 9,000 personnel or more.
const start = '2026-04-12T09:00:00.000Z'; // exactly NOW + 42 days
const window = { start, end: '2026-04-20T18:00:00.000Z' };
const area = { shape: 'polygon', points: [{ lat: 300_000_000, lon: 1_200_000_000 }, { lat: 310_000_000, lon: 1_200_000_000 }, { lat: 310_000_000, lon: 1_210_000_000 }] };
const description = { en: 'Combined-arms exercise NORTHERN SHIELD' };
const exercise = { noticeType: 'military_exercise' as const, window, area, forces: { personnel: 12_000, units: ['3rd Armoured Brigade'] }, description };
const give = { type: 'give' as const, terms: DEFAULT_TERMS, ...exercise };
const lead = { seconds: 42 * 86_400, threshold: { field: 'personnel', min: 9000 }, isRequired: true, deadline: '2026-03-01T09:00:00.000Z' };
const given = (time?: string, body: object = {}): GivenEvent => ({ party: 'red', type: 'notice.given', body: { ...exercise, lead, ...body }, ...(time ? { time } : {}) });
const redDelegate = actor('red', 'delegate');
const blueDuty = actor('blue', 'duty_officer');

describe('giving notice', () => {
  it('a delegate gives a typed notice; the lead time and threshold of the terms in force are copied into it', () => {
    n.given().when(redDelegate, give).then([{ type: 'notice.given', body: { ...exercise, lead } }]);
    const terms = { ...DEFAULT_TERMS, notices: { ...DEFAULT_TERMS.notices, military_exercise: { leadSeconds: 30 * 86_400 } } };
    n.given().when(redDelegate, { ...give, terms }).then([{ type: 'notice.given', body: {
      ...exercise, lead: { seconds: 30 * 86_400, isRequired: true, deadline: '2026-03-13T09:00:00.000Z' },
    } }]);
  });

  it('each type requires its own fields, and refuses fields outside its form', () => {
    const launch = {
      type: 'give' as const, terms: DEFAULT_TERMS, noticeType: 'missile_launch' as const, description, vehicleType: 'DF-21 class',
      window: { start: '2026-03-05T00:00:00Z', end: '2026-03-05T06:00:00Z' },
      launchArea: { shape: 'circle', centre: { lat: 400_000_000, lon: 1_000_000_000 }, radius: 5000 },
      impactArea: { shape: 'circle', centre: { lat: 200_000_000, lon: 1_300_000_000 }, radius: 50_000 },
    };
    n.given().when(redDelegate, launch).then([{ type: 'notice.given', body: {
      noticeType: 'missile_launch', description, vehicleType: 'DF-21 class', window: launch.window, launchArea: launch.launchArea, impactArea: launch.impactArea,
      lead: { seconds: 86_400, isRequired: true, deadline: '2026-03-04T00:00:00.000Z' },
    } }]);
    n.given().when(redDelegate, { ...launch, impactArea: undefined }).thenError('area_missing', 'impactArea');
    n.given().when(redDelegate, { ...launch, vehicleType: ' ' }).thenError('vehicle_type_missing', 'vehicleType');
    n.given().when(redDelegate, { ...launch, area }).thenError('field_not_applicable', 'area');
    n.given().when(redDelegate, { ...give, vehicleType: 'x' }).thenError('field_not_applicable', 'vehicleType');
    n.given().when(redDelegate, { ...give, forces: { units: ['x'] } }).thenError('forces_missing', 'forces.personnel');
    n.given().when(redDelegate, { ...give, forces: { personnel: -1 } }).thenError('count_invalid', 'forces.personnel');
    n.given().when(redDelegate, { ...give, forces: { personnel: 10.5 } }).thenError('count_invalid', 'forces.personnel');
    n.given().when(redDelegate, { ...give, area: undefined }).thenError('area_missing', 'area');
    const maritime = { ...give, noticeType: 'maritime_activity' as const, forces: { ships: 4 }, hazard: { en: 'Live firing: keep 20 nm clear' } };
    expect(n.given().when(redDelegate, maritime)).toBeDefined();
    n.given().when(redDelegate, { ...maritime, hazard: undefined }).thenError('hazard_missing', 'hazard');
    n.given().when(redDelegate, { ...maritime, forces: { personnel: 400 } }).thenError('forces_missing', 'forces.ships');
    n.given().when(redDelegate, { ...give, noticeType: 'air_activity', forces: { aircraft: 30 }, hazard: { en: 'x' } }).then([{ type: 'notice.given', body: {
      noticeType: 'air_activity', window, area, forces: { aircraft: 30 }, hazard: { en: 'x' }, description, lead: { seconds: 3 * 86_400, isRequired: true, deadline: '2026-04-09T09:00:00.000Z' },
    } }]);
  });

  it('refuses bad areas, windows and types, naming the field', () => {
    n.given().when(redDelegate, { ...give, noticeType: 'parade' as never }).thenError('notice_type_invalid', 'noticeType');
    n.given().when(redDelegate, { ...give, window: { start, end: start } }).thenError('end_not_after_start', 'window.end');
    n.given().when(redDelegate, { ...give, window: { start: '2026-02-01T00:00:00Z', end: '2026-02-02T00:00:00Z' } }).thenError('activity_over', 'window.end');
    n.given().when(redDelegate, { ...give, area: { shape: 'polygon', points: area.points.slice(0, 2) } }).thenError('polygon_invalid', 'area.points');
    n.given().when(redDelegate, { ...give, area: { shape: 'polygon', points: Array(101).fill(area.points[0]) } }).thenError('polygon_invalid', 'area.points');
    n.given().when(redDelegate, { ...give, area: { shape: 'polygon', points: [area.points[0], area.points[0], area.points[1]] } }).thenError('polygon_invalid', 'area.points');
    n.given().when(redDelegate, { ...give, area: { shape: 'polygon', points: [...area.points.slice(0, 2), { lat: 900_000_001, lon: 0 }] } }).thenError('position_invalid', 'area.points[2].lat');
    n.given().when(redDelegate, { ...give, area: { shape: 'circle', centre: { lat: 0, lon: 0 }, radius: 0 } }).thenError('radius_invalid', 'area.radius');
    n.given().when(redDelegate, { ...give, area: { shape: 'square' } }).thenError('area_invalid', 'area.shape');
    n.given().when(actor('red', 'duty_officer'), give).thenError('role_not_allowed');
  });
});

describe('lead time: late or on time, at the boundary', () => {
  it('given exactly on the lead time is on time; one second later is late', () => {
    expect(stateOf(notices, [given('2026-03-01T09:00:00.000Z')])).toMatchObject({ isRequired: true, isLate: false });
    expect(stateOf(notices, [given('2026-03-01T09:00:01.000Z')])).toMatchObject({ isRequired: true, isLate: true });
  });

  it('below the size threshold notice is voluntary and never late', () => {
    const small = given('2026-04-10T00:00:00.000Z', { forces: { personnel: 8999 }, lead: { ...lead, isRequired: false } });
    expect(stateOf(notices, [small])).toMatchObject({ isRequired: false, isLate: false });
    n.given().when(redDelegate, { ...give, forces: { personnel: 8999 } })
      .then([{ type: 'notice.given', body: { ...exercise, forces: { personnel: 8999 }, lead: { ...lead, isRequired: false } } }]);
  });

  const amended = (time: string, newStart: string, extra: object = {}): GivenEvent => ({
    party: 'red', type: 'notice.amended', time,
    body: {
      target: 'e1', supersedes: 'e1', ...exercise, window: { ...window, start: newStart },
      lead: { ...lead, deadline: new Date(Date.parse(newStart) - 42 * DAY).toISOString() }, ...extra,
    },
  });

  it('an amendment that moves the start later is judged at its own time against the new start', () => {
    const late = given('2026-03-10T09:00:00.000Z');
    expect(stateOf(notices, [late])?.isLate).toBe(true);
    // Moved 20 days later, amended at 2026-03-11: deadline 2026-03-21 → on time.
    const cured = stateOf(notices, [late, amended('2026-03-11T09:00:00.000Z', '2026-05-02T09:00:00.000Z')])!;
    expect(cured).toMatchObject({ isLate: false, versions: [{ id: 'e1', isLate: true }, { id: 'e2', isLate: false }] });
    // Moved to 2026-04-21 (new deadline 2026-03-10T09:00:00Z): exactly on it → on time; one second later → late.
    expect(stateOf(notices, [late, amended('2026-03-10T09:00:00.000Z', '2026-04-21T09:00:00.000Z')])?.isLate).toBe(false);
    expect(stateOf(notices, [late, amended('2026-03-10T09:00:01.000Z', '2026-04-21T09:00:00.000Z')])?.isLate).toBe(true);
  });

  it('moving the start earlier can make a timely notice late; amending other details keeps its standing', () => {
    const onTime = given('2026-03-01T09:00:00.000Z');
    expect(stateOf(notices, [onTime, amended('2026-03-02T09:00:00.000Z', '2026-04-05T09:00:00.000Z')])?.isLate).toBe(true);
    const detail = amended('2026-04-11T09:00:00.000Z', start, { description: { en: 'Corrected name: NORTHERN SHIELD 26' } });
    expect(stateOf(notices, [onTime, detail])).toMatchObject({ isLate: false, content: { description: { en: 'Corrected name: NORTHERN SHIELD 26' } } });
    expect(stateOf(notices, [given('2026-03-02T00:00:00.000Z'), detail])?.isLate).toBe(true);
  });

  it('an amendment that brings the activity to the threshold is judged afresh', () => {
    const small = given('2026-03-20T00:00:00.000Z', { forces: { personnel: 5000 }, lead: { ...lead, isRequired: false } });
    const grown: GivenEvent = { party: 'red', type: 'notice.amended', time: '2026-03-25T00:00:00.000Z', body: { target: 'e1', supersedes: 'e1', ...exercise, lead } };
    expect(stateOf(notices, [small, grown])).toMatchObject({ isRequired: true, isLate: true });
  });
});

describe('acknowledgement, amendment and cancellation', () => {
  const ack = (version = 'e1'): GivenEvent => ({ party: 'blue', type: 'notice.acknowledged', body: { target: 'e1', version } });

  it('the other party acknowledges the current version', () => {
    n.given([given()]).when(blueDuty, { type: 'acknowledge', version: 'e1' }).then([{ type: 'notice.acknowledged', body: { target: 'e1', version: 'e1' } }]);
    n.given([given()]).when(actor('red', 'duty_officer'), { type: 'acknowledge', version: 'e1' }).thenError('own_notice');
    n.given([given()]).when(blueDuty, { type: 'acknowledge', version: 'e9' }).thenError('stale_version');
    n.given([given()]).when(actor('blue', 'notetaker'), { type: 'acknowledge', version: 'e1' }).thenError('role_not_allowed');
    n.given([given(), ack()]).when(blueDuty, { type: 'acknowledge', version: 'e1' }).thenError('already_acknowledged');
    const state = stateOf(notices, [given(), ack()])!;
    expect(state).toMatchObject({ status: 'acknowledged', acknowledgements: { blue: 'e1' } });
    expect(notices.index(state)).toEqual({ status: 'acknowledged', party: 'red', date: start });
  });

  it('an amendment is a new version that needs fresh acknowledgement; only the giver amends, keeping the type', () => {
    const change = { ...give, type: 'amend' as const, forces: { personnel: 15_000 } };
    n.given([given(), ack()]).when(redDelegate, change)
      .then([{ type: 'notice.amended', body: { target: 'e1', supersedes: 'e1', ...exercise, forces: { personnel: 15_000 }, lead } }]);
    n.given([given(), ack()]).when(redDelegate, { ...give, type: 'amend' }).thenError('notice_unchanged');
    n.given([given(), ack()]).when(actor('blue', 'delegate'), change).thenError('not_giver');
    n.given([given(), ack()]).when(redDelegate, { ...change, noticeType: 'major_movement' }).thenError('notice_type_fixed', 'noticeType');
    const amendedEvent: GivenEvent = { party: 'red', type: 'notice.amended', body: { target: 'e1', supersedes: 'e1', ...exercise, forces: { personnel: 15_000 }, lead } };
    const state = stateOf(notices, [given(), ack(), amendedEvent])!;
    expect(state).toMatchObject({ status: 'given', version: 'e3', acknowledgements: {}, content: { forces: { personnel: 15_000 } } });
    n.given([given(), ack(), amendedEvent]).when(blueDuty, { type: 'acknowledge', version: 'e1' }).thenError('stale_version');
    expect(stateOf(notices, [given(), ack(), amendedEvent, ack('e3')])?.status).toBe('acknowledged');
  });

  it('the giver cancels; nothing changes a cancelled notice', () => {
    n.given([given()]).when(blueDuty, { type: 'cancel' }).thenError('role_not_allowed');
    n.given([given()]).when(actor('blue', 'delegate'), { type: 'cancel' }).thenError('not_giver');
    n.given([given()]).when(redDelegate, { type: 'cancel', reason: 'Exercise postponed' })
      .then([{ type: 'notice.cancelled', body: { target: 'e1', reason: 'Exercise postponed' } }]);
    const cancelled = [given(), { party: 'red', type: 'notice.cancelled', body: { target: 'e1' } }];
    expect(stateOf(notices, cancelled)?.status).toBe('cancelled');
    n.given(cancelled).when(blueDuty, { type: 'acknowledge', version: 'e1' }).thenError('notice_cancelled');
    n.given(cancelled).when(redDelegate, { type: 'cancel' }).thenError('notice_cancelled');
    n.given().when(blueDuty, { type: 'acknowledge', version: 'e1' }).thenError('notice_not_found');
  });

  it('a withheld notice keeps its lifecycle but not its content', () => {
    const state = stateOf(notices, [{ ...given(), body: undefined as never }, ack()])!;
    expect(state).toMatchObject({ status: 'acknowledged', content: null, isLate: false });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('compliance', () => {
  it('counts on time, late and voluntary notices per party and type', () => {
    const of = (events: GivenEvent[]) => stateOf(notices, events)!;
    const states: NoticeState[] = [
      of([given('2026-03-01T09:00:00.000Z')]),
      of([given('2026-03-01T09:00:01.000Z')]),
      of([given('2026-03-01T09:00:01.000Z', { forces: { personnel: 100 }, lead: { ...lead, isRequired: false } })]),
      of([{ ...given(), party: 'blue' }]),
      of([{ ...given(), body: undefined as never }]),
    ];
    expect(noticeCompliance(states)).toEqual({
      red: { military_exercise: { onTime: 1, late: 1, voluntary: 1 } },
      blue: { military_exercise: { onTime: 1, late: 0, voluntary: 0 } },
    });
  });
});
