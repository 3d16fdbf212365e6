import { describe, expect, it } from 'vitest';
import { commitments, type CommitmentState } from '../commitment/index.js';
import { contextEvents, type ContextEventState } from '../context/index.js';
import { hotlineCalls, type HotlineCallState } from '../hotline/index.js';
import { hotlineLinks, type HotlineLinkState } from '../hotline-link/index.js';
import { incidents, type IncidentState } from '../incident/index.js';
import { meetings, type MeetingState } from '../meeting/index.js';
import { notices, type NoticeState } from '../notice/index.js';
import { checkTerms, DEFAULT_TERMS } from '../terms/index.js';
import { NOW, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { workingGroups, type WorkingGroupState } from '../working-group/index.js';
import { checkFloorRules, computeFloor, DEFAULT_FLOOR_RULES, floorRulesOf, quantile, TIMELINE_LIMIT, type FloorInput, type FloorReport } from './index.js';

// NOW is 2026-03-01T09:00:00Z (the simulated clock of every decider test).
const DAY = 86_400_000;
const ago = (days: number, minutes = 0) => new Date(NOW.getTime() - days * DAY + minutes * 60_000).toISOString();
const minutesAfter = (at: string, minutes: number) => new Date(Date.parse(at) + minutes * 60_000).toISOString();

function group(title: string, options: { since: number; protected?: boolean; suspended?: number; resumed?: number; accepted?: boolean }): WorkingGroupState {
  const events: GivenEvent[] = [
    { party: 'red', type: 'working_group.proposed', time: ago(options.since + 1), body: { mandate: { title: { en: title }, goals: [{ en: 'A goal' }], ...(options.protected ? { protected: true } : {}) }, coChair: 'r' } },
  ];
  if (options.accepted !== false) events.push({ party: 'blue', type: 'working_group.accepted', time: ago(options.since), body: { target: 'e1', proposal: 'e1', coChair: 'b' } });
  if (options.suspended !== undefined) events.push({ party: 'blue', type: 'working_group.suspended', time: ago(options.suspended), body: { target: 'e1', reason: 'Incident at sea' } });
  if (options.resumed !== undefined) events.push({ party: 'blue', type: 'working_group.resumed', time: ago(options.resumed), body: { target: 'e1' } });
  return { ...stateOf(workingGroups, events)!, id: title };
}

/** A meeting of `wg` held `daysAgo`, with an agreed agenda and each party's outcomes per item. */
function meeting(id: string, wg: string, daysAgo: number, outcomes: Array<{ red?: string; blue?: string }>): MeetingState {
  const start = ago(daysAgo);
  const events: GivenEvent[] = [
    { party: 'red', type: 'meeting.proposed', time: ago(daysAgo + 10), body: { workingGroup: wg, start, end: minutesAfter(start, 120), format: 'video', participants: ['r'] } },
    { party: 'blue', type: 'meeting.accepted', time: ago(daysAgo + 9), body: { target: 'e1', proposal: 'e1', participants: ['b'] } },
    { party: 'red', type: 'meeting.agenda_proposed', time: ago(daysAgo + 8), body: { target: 'e1', items: outcomes.map((_, i) => ({ goal: { en: `Goal ${i}` } })) } },
    { party: 'blue', type: 'meeting.agenda_accepted', time: ago(daysAgo + 7), body: { target: 'e1', proposal: 'e3' } },
  ];
  outcomes.forEach((o, item) => {
    for (const party of ['red', 'blue'] as const) {
      const outcome = o[party];
      if (outcome) events.push({ party, type: 'meeting.outcome_recorded', time: minutesAfter(start, 180), body: { target: 'e1', agenda: 'e3', item, outcome } });
    }
  });
  return { ...stateOf(meetings, events)!, id };
}

function commitment(id: string, due: string, steps: { deliveredAt?: string; confirm?: boolean; dispute?: boolean; meeting?: string }): CommitmentState {
  const events: GivenEvent[] = [
    { party: 'red', type: 'commitment.proposed', time: ago(100), body: { workingGroup: 'wg', party: 'blue', title: { en: id }, due, ...(steps.meeting ? { meeting: steps.meeting } : {}) } },
    { party: 'blue', type: 'commitment.committed', time: ago(99), body: { target: 'e1' } },
  ];
  if (steps.deliveredAt) events.push({ party: 'blue', type: 'commitment.delivered', time: steps.deliveredAt, body: { target: 'e1', evidence: { text: { en: 'Done' } } } });
  if (steps.confirm) events.push({ party: 'red', type: 'commitment.confirmed', body: { target: 'e1', delivery: 'e3' } });
  if (steps.dispute) events.push({ party: 'red', type: 'commitment.disputed', body: { target: 'e1', delivery: 'e3', reason: 'Not what was agreed' } });
  return { ...stateOf(commitments, events)!, id };
}

/** A call from red to blue delivered at `at`, acknowledged `ackMinutes` later (or never). */
function call(id: string, precedence: string, at: string, ackMinutes: number | null): HotlineCallState {
  const deadline = precedence === 'flash' ? 600 : 10_800;
  const events: GivenEvent[] = [
    { party: 'red', type: 'hotline_call.placed', time: at, body: { to: 'blue', precedence, subject: { en: 'S' }, message: { en: 'M' }, ackDeadlineSeconds: deadline } },
    { party: 'blue', type: 'hotline_call.delivered', time: at, body: { target: 'e1' } },
  ];
  if (ackMinutes !== null) events.push({ party: 'blue', type: 'hotline_call.acknowledged', time: minutesAfter(at, ackMinutes), body: { target: 'e1' } });
  return { ...stateOf(hotlineCalls, events)!, id };
}

/** An hourly link opened `days` ago, every slot answered but those in `missed`. */
function link(days: number, missed: readonly number[]): HotlineLinkState {
  const epoch = Date.parse(ago(days));
  const events: GivenEvent[] = [{ party: 'red', type: 'hotline_link.opened', time: new Date(epoch).toISOString(), body: { intervalSeconds: 3600, answerSeconds: 300, parties: ['red', 'blue'] } }];
  for (let slot = 0; epoch + slot * 3_600_000 + 300_000 <= NOW.getTime(); slot++) {
    const time = new Date(epoch + slot * 3_600_000).toISOString();
    const [sender, receiver] = slot % 2 === 0 ? ['red', 'blue'] : ['blue', 'red'];
    if (missed.includes(slot)) events.push({ party: receiver!, type: 'hotline_link.test_missed', time, body: { target: 'e1', slot, reason: 'unanswered' } });
    else {
      events.push({ party: sender!, type: 'hotline_link.test_sent', time, body: { target: 'e1', slot } });
      events.push({ party: receiver!, type: 'hotline_link.test_answered', time, body: { target: 'e1', slot } });
    }
  }
  return stateOf(hotlineLinks, events)!;
}

const exercise = {
  noticeType: 'maritime_activity', window: { start: ago(-10), end: ago(-12) }, description: { en: 'Gunnery practice' },
  area: { shape: 'circle', center: { lat: 300_000_000, lon: 1_200_000_000 }, radiusMetres: 10_000 },
};
function notice(isLate: boolean): NoticeState {
  const deadline = ago(isLate ? 1 : -1);
  return stateOf(notices, [{ party: 'red', type: 'notice.given', body: { ...exercise, lead: { seconds: 3 * 86_400, isRequired: true, deadline } } }])!;
}

function incident(time: string, domain: 'sea' | 'air'): IncidentState {
  const account = { time, position: { lat: 153_120_000, lon: 1_175_560_000 }, domain, units: [{ party: 'red', name: 'RNS Vigilant' }], cpaMetres: 45, narrative: { en: 'Close pass' } };
  return stateOf(incidents, [{ party: 'red', type: 'incident.reported', time, body: account }])!;
}

function context(date: string): ContextEventState {
  return stateOf(contextEvents, [{ party: 'red', type: 'context.recorded', body: { title: { en: 'Summit' }, date, category: 'summit', source: { text: { en: 'Press' } } } }])!;
}

function floor(input: Partial<FloorInput>): FloorReport {
  return computeFloor({
    parties: ['red', 'blue'], now: NOW, rules: DEFAULT_FLOOR_RULES, workingGroups: [], meetings: [], commitments: [], calls: [],
    links: [], notices: [], incidents: [], contextEvents: [], lastMessageAt: new Map(), ...input,
  });
}

const rule = (report: FloorReport, id: string) => report.rules.find((r) => r.rule === id)!;

describe('floor: channels', () => {
  it('given groups in every state, then counts them and dates the last contact of each from meetings and messages', () => {
    const maritime = group('maritime', { since: 200 });
    const asia = group('asia', { since: 90 });
    const broader = group('broader', { since: 5, accepted: false });
    const report = floor({
      workingGroups: [maritime, asia, broader],
      meetings: [meeting('m1', 'maritime', 70, [])],
      lastMessageAt: new Map([['maritime', ago(10)]]),
    });
    expect(report.channels.counts).toEqual({ active: 2, suspended: 0, proposed: 1, closed: 0 });
    const byId = Object.fromEntries(report.channels.groups.map((g) => [g.id, g]));
    expect(byId.maritime).toMatchObject({ lastContactAt: ago(10), daysSinceContact: 10 });
    expect(byId.asia).toMatchObject({ lastContactAt: ago(90), daysSinceContact: 90 });
    expect(byId.broader).toMatchObject({ status: 'proposed', lastContactAt: null, daysSinceContact: null });
  });

  it('given an active group silent for more than 60 days, then the silent-group rule is breached naming it; 60 days exactly is met', () => {
    const report = floor({ workingGroups: [group('asia', { since: 61 }), group('maritime', { since: 60 })] });
    expect(rule(report, 'silent_group')).toMatchObject({ status: 'breached', threshold: 60, alerts: [{ subject: 'asia', value: 61, isActive: true, at: ago(1) }] });
    expect(rule(floor({ workingGroups: [group('maritime', { since: 60 })] }), 'silent_group').status).toBe('met');
  });

  it('given the parties agreed 90 days instead, then the same silence meets the floor', () => {
    const report = floor({ workingGroups: [group('asia', { since: 61 })], rules: floorRulesOf({ silentGroupMaxDays: 90 }) });
    expect(rule(report, 'silent_group')).toMatchObject({ status: 'met', threshold: 90, alerts: [] });
  });

  it('given a protected channel suspended, then the floor is breached while it lasts and the breach stays on the record after it resumes', () => {
    const suspended = floor({ workingGroups: [group('hotline', { since: 30, protected: true, suspended: 3 })] });
    expect(rule(suspended, 'protected_suspended')).toMatchObject({ status: 'breached', alerts: [{ subject: 'hotline', at: ago(3), isActive: true }] });
    const resumed = floor({ workingGroups: [group('hotline', { since: 30, protected: true, suspended: 3, resumed: 1 })] });
    expect(rule(resumed, 'protected_suspended')).toMatchObject({ status: 'met', alerts: [{ subject: 'hotline', isActive: false }] });
    expect(resumed.timeline.map((e) => e.type)).toEqual(['suspended', 'resumed']);
    expect(rule(floor({ workingGroups: [group('asia', { since: 30, suspended: 3 })] }), 'protected_suspended').status).toBe('no_data');
  });
});

describe('floor: outcomes', () => {
  it('given a meeting whose parties agree on one item, differ on another and recorded nothing for a third, then outcomes per meeting and goals achieved count them so', () => {
    const m1 = meeting('m1', 'maritime', 20, [{ red: 'achieved', blue: 'achieved' }, { red: 'achieved', blue: 'partly' }, {}]);
    const m2 = meeting('m2', 'maritime', 5, [{ red: 'not_achieved', blue: 'not_achieved' }]);
    const report = floor({ meetings: [m2, m1], commitments: [commitment('c1', '2026-02-01', { meeting: 'm1' })] });
    expect(report.outcomes.meetings).toEqual([
      { id: 'm1', workingGroup: 'maritime', start: ago(20), status: 'held', items: 3, commitments: 1,
        outcomes: { achieved: 1, partly: 0, not_achieved: 0, deferred: 0, disputed: 1, unrecorded: 1 } },
      { id: 'm2', workingGroup: 'maritime', start: ago(5), status: 'held', items: 1, commitments: 0,
        outcomes: { achieved: 0, partly: 0, not_achieved: 1, deferred: 0, disputed: 0, unrecorded: 0 } },
    ]);
    // 1 achieved of the 3 items with an outcome (the unrecorded one is not judged).
    expect(report.outcomes.goals).toMatchObject({ total: 4, achieved: 1, disputed: 1, unrecorded: 1, achievedPercent: 33.3 });
  });

  it('given commitments delivered on time, late, confirmed, disputed and overdue, then each is counted once', () => {
    const report = floor({
      commitments: [
        commitment('on-time', '2026-02-10', { deliveredAt: ago(25), confirm: true }),
        commitment('late', '2026-02-10', { deliveredAt: ago(10), dispute: true }),
        commitment('overdue', '2026-02-20', {}),
        commitment('open', '2026-04-01', {}),
      ],
    });
    expect(report.outcomes.commitments).toMatchObject({
      delivered: 2, deliveredOnTime: 1, onTimePercent: 50, confirmed: 1, disputed: 1, overdue: 1,
      byStatus: { proposed: 0, committed: 1, overdue: 1, delivered: 0, confirmed: 1, disputed: 1, withdrawn: 0 },
    });
  });
});

describe('floor: hotline', () => {
  it('given calls acknowledged after 1, 2, 3 … 10 minutes, then the called party has median 5 and p90 9 minutes', () => {
    const calls = Array.from({ length: 10 }, (_, i) => call(`c${i}`, 'priority', ago(2), i + 1));
    const report = floor({ calls });
    expect(report.hotline.parties).toEqual([
      { party: 'red', received: 0, acknowledged: 0, ackMedianSeconds: null, ackP90Seconds: null, unansweredPastDeadline: 0 },
      { party: 'blue', received: 10, acknowledged: 10, ackMedianSeconds: 300, ackP90Seconds: 540, unansweredPastDeadline: 0 },
    ]);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('given a flash call acknowledged after 14 minutes, then a past breach; given one still unacknowledged after 11 minutes, then the rule is breached', () => {
    const late = call('late', 'flash', ago(1), 14);
    const report = floor({ calls: [late] });
    expect(rule(report, 'flash_unanswered')).toMatchObject({ status: 'met', alerts: [{ subject: 'late', isActive: false, value: 840, threshold: 600 }] });
    expect(report.hotline.unansweredPastDeadline).toBe(1);
    const waiting = call('waiting', 'flash', ago(0, -11), null);
    const now = floor({ calls: [late, waiting] });
    expect(rule(now, 'flash_unanswered')).toMatchObject({ status: 'breached', alerts: [{ subject: 'late' }, { subject: 'waiting', isActive: true, value: 660 }] });
    expect(now.hotline.parties[1]).toMatchObject({ received: 2, acknowledged: 1, unansweredPastDeadline: 2 });
    expect(rule(floor({ calls: [call('quick', 'flash', ago(1), 3)] }), 'flash_unanswered')).toMatchObject({ status: 'met', alerts: [] });
  });

  it('given an hourly link whose tests one side missed 4 times in the last 30 days, then that direction is under 99% and the rule is breached', () => {
    const missed = [951, 953, 955, 957]; // Blue's turns (odd slots), in the last day
    const report = floor({ links: [link(40, missed)] });
    const thirty = report.hotline.availability.find((w) => w.days === 30)!;
    const [redToBlue, blueToRed] = thirty.directions;
    expect(redToBlue).toMatchObject({ from: 'red', to: 'blue', scheduled: 359, missed: 0, availability: 1 });
    expect(blueToRed).toMatchObject({ from: 'blue', to: 'red', scheduled: 360, missed: 4 });
    expect(rule(report, 'link_availability')).toMatchObject({ status: 'breached', alerts: [{ subject: 'blue→red', value: 98.9, isActive: true }] });
    // Agreed at 90% instead, the same missed test meets the floor.
    expect(rule(floor({ links: [link(40, missed)], rules: floorRulesOf({ linkAvailabilityMinPercent: 90 }) }), 'link_availability').status).toBe('met');
    expect(rule(floor({}), 'link_availability').status).toBe('no_data');
  });
});

describe('floor: notices, incidents, timeline', () => {
  it('counts notices on time and late per party and type, incidents per month and domain, and orders the timeline', () => {
    const report = floor({
      notices: [notice(false), notice(true), notice(true)],
      incidents: [incident('2026-01-05T03:00:00Z', 'sea'), incident('2026-01-20T03:00:00Z', 'sea'), incident('2026-02-02T03:00:00Z', 'air')],
      contextEvents: [context('2026-01-10')],
      meetings: [meeting('m1', 'maritime', 20, [])],
    });
    expect(report.notices).toEqual([{ party: 'red', type: 'maritime_activity', onTime: 1, late: 2, voluntary: 0 }]);
    expect(report.incidents).toEqual([
      { month: '2026-01', domain: 'sea', count: 2 },
      { month: '2026-02', domain: 'air', count: 1 },
    ]);
    expect(report.timeline.map((e) => [e.type, e.at.slice(0, 10)])).toEqual([
      ['incident', '2026-01-05'], ['context', '2026-01-10'], ['incident', '2026-01-20'], ['incident', '2026-02-02'], ['meeting', ago(20).slice(0, 10)],
    ]);
    expect(report.timelineTotal).toBe(5);
  });

  it('given more timeline entries than it shows, then it keeps the latest and counts them all', () => {
    const many = Array.from({ length: TIMELINE_LIMIT + 5 }, (_, i) => context(ago(TIMELINE_LIMIT + 5 - i).slice(0, 10)));
    const report = floor({ contextEvents: many });
    expect(report.timeline).toHaveLength(TIMELINE_LIMIT);
    expect(report.timeline.at(-1)!.at).toBe(ago(1).slice(0, 10));
    expect(report.timeline[0]!.at).toBe(ago(TIMELINE_LIMIT).slice(0, 10));
    expect(report.timelineTotal).toBe(TIMELINE_LIMIT + 5);
  });
});

describe('floor rules configuration', () => {
  it('keeps the defaults for rules the terms do not name, and refuses out-of-range or unknown rules naming the field', () => {
    expect(floorRulesOf(undefined)).toEqual(DEFAULT_FLOOR_RULES);
    expect(floorRulesOf(checkFloorRules({ silentGroupMaxDays: 30 }))).toEqual({ ...DEFAULT_FLOOR_RULES, silentGroupMaxDays: 30 });
    expect(() => checkFloorRules({ linkAvailabilityMinPercent: 99.5 })).toThrow(expect.objectContaining({ code: 'floor_invalid', field: 'terms.floor.linkAvailabilityMinPercent' }));
    expect(() => checkFloorRules({ quiet: 1 })).toThrow(expect.objectContaining({ code: 'terms_unknown_entry', field: 'terms.floor.quiet' }));
    expect(() => checkFloorRules({ protectedNeverSuspended: 'yes' })).toThrow(expect.objectContaining({ field: 'terms.floor.protectedNeverSuspended' }));
  });

  it('accepts terms with a floor section, and terms without one as before', () => {
    expect(checkTerms({ ...DEFAULT_TERMS, floor: { flashUnansweredMaxSeconds: 300 } }).floor).toEqual({ flashUnansweredMaxSeconds: 300 });
    expect(checkTerms(DEFAULT_TERMS)).not.toHaveProperty('floor');
  });
});
