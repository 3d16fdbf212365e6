// What the inbox accepts of another node's meeting events (body.ts): exactly what this node's
// deciders write, the query escalation's node-recorded proposal included. Given any lifecycle
// the deciders go through, then every body they write passes the check; given a body no
// decider writes, then the check names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodySpec } from '../testing/body-spec.js';
import type { PartyId } from '../../record/index.js';
import { MAX_ID_LENGTH } from '../ids.js';
import { MAX_TEXT_LENGTH } from '../multilingual.js';
import { queries, type QueryCommand, type QueryState } from '../query/index.js';
import { MAX_REASON_LENGTH } from '../reasons.js';
import type { RecordedEvent } from '../recorded.js';
import { DEFAULT_TERMS } from '../terms/index.js';
import { actor, NOW } from '../testing/decider-spec.js';
import { play, type Step } from '../testing/lifecycle.js';
import { nodeActor } from '../types.js';
import {
  MAX_AGENDA_ITEMS, MEETING_FORMATS, meetings, OUTCOMES,
  type AgendaItemInput, type MeetingCommand, type MeetingState, type VenueInput,
} from './index.js';

const redDelegate = actor('red', 'delegate');
const redNotetaker = actor('red', 'notetaker');
const redPrincipal = actor('red', 'principal');
const blueDelegate = actor('blue', 'delegate');
const bluePrincipal = actor('blue', 'principal');
const ALL_TYPES = [...meetings.creates, ...meetings.changes];
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const version = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
const text = fc.record({ en: version, 'zh-Hans': version }, { requiredKeys: ['en'] });
const id = fc.string({ minLength: 1, maxLength: MAX_ID_LENGTH }).filter((s) => s.trim() !== '');
const members = fc.uniqueArray(id, { maxLength: 4 });
/** A venue as a member gives it: a place in person, a place or none otherwise. */
const venue: fc.Arbitrary<VenueInput> = fc.tuple(fc.constantFrom(...MEETING_FORMATS), fc.option(text, { nil: undefined }))
  .map(([format, place]) => ({ format, ...(place ?? format === 'in_person' ? { place: place ?? { en: 'Geneva' } } : {}) }));
/** An instant in UTC, whole seconds or with milliseconds, from a day after NOW. */
const instant = (date: Date, wholeSeconds: boolean): string =>
  (wholeSeconds ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : date.toISOString());
const item: fc.Arbitrary<AgendaItemInput> = fc.record({ goal: text, incident: id, commitment: id }, { requiredKeys: ['goal'] });
const items = fc.array(item, { minLength: 1, maxLength: 4 });
const reason = fc.option(fc.oneof(version, fc.constant(' ')), { nil: undefined });

type S = MeetingState | undefined;
type Steps = Step<MeetingState, MeetingCommand>[];

interface Inputs {
  readonly startsIn: number;
  readonly minutes: number;
  readonly wholeSeconds: boolean;
  readonly venues: [VenueInput, VenueInput, VenueInput];
  readonly participants: [string[] | undefined, string[] | undefined, string[] | undefined];
  readonly attended: string[];
  readonly agendas: [AgendaItemInput[], AgendaItemInput[]];
  readonly outcome: { index: number; outcome: (typeof OUTCOMES)[number]; note: { [lang: string]: string } | undefined };
  readonly reasons: [string | undefined, string];
}

const inputs: fc.Arbitrary<Inputs> = fc.record({
  startsIn: fc.integer({ min: DAY, max: 300 * DAY }),
  minutes: fc.integer({ min: 1, max: 24 * 60 }),
  wholeSeconds: fc.boolean(),
  venues: fc.tuple(venue, venue, venue),
  participants: fc.tuple(fc.option(members, { nil: undefined }), fc.option(members, { nil: undefined }), fc.option(members, { nil: undefined })),
  attended: members,
  agendas: fc.tuple(items, items),
  outcome: fc.record({ index: fc.nat(), outcome: fc.constantFrom(...OUTCOMES), note: fc.option(text, { nil: undefined }) }),
  reasons: fc.tuple(reason, version),
});

const given = <T>(key: string, value: T | undefined): { [key: string]: T } => (value === undefined ? {} : { [key]: value });

function lifecycles(x: Inputs): Steps[] {
  const start = new Date(NOW.getTime() + x.startsIn);
  const end = new Date(start.getTime() + x.minutes * MINUTE);
  // The reschedule moves the meeting a day later, so it always changes the schedule.
  const later = new Date(start.getTime() + DAY);
  const laterEnd = new Date(end.getTime() + DAY);
  const during = new Date(later.getTime() + MINUTE);
  const schedule = (from: Date, to: Date) => ({ start: instant(from, x.wholeSeconds), end: instant(to, x.wholeSeconds) });
  const propose: Steps[number] = [redDelegate, {
    type: 'propose', workingGroup: 'wg1', ...schedule(start, end), ...x.venues[0], ...given('participants', x.participants[0]),
  }];
  return [
    [
      propose,
      [bluePrincipal, (s: S) => ({ type: 'accept', proposal: s!.proposal, ...given('participants', x.participants[1]) })],
      [redDelegate, { type: 'reschedule', ...schedule(later, laterEnd), ...x.venues[1], ...given('participants', x.participants[2]), ...given('reason', x.reasons[0]) }],
      [bluePrincipal, (s: S) => ({ type: 'accept', proposal: s!.proposal })],
      [redDelegate, { type: 'propose_agenda', items: x.agendas[0] }],
      [blueDelegate, { type: 'amend_agenda', items: x.agendas[1] }],
      [redPrincipal, (s: S) => ({ type: 'accept_agenda', proposal: s!.agenda!.proposal })],
      [redNotetaker, { type: 'record_attendance', attended: x.attended }, during],
      [redNotetaker, {
        type: 'record_outcome', item: x.outcome.index % x.agendas[1].length, outcome: x.outcome.outcome, ...given('note', x.outcome.note),
      }, during],
      [redDelegate, { type: 'conclude', next: { start: instant(new Date(laterEnd.getTime() + 7 * DAY), x.wholeSeconds), ...x.venues[2] } }, during],
    ],
    [propose, [bluePrincipal, { type: 'cancel', reason: x.reasons[1] }]],
  ];
}

/** The meeting a query's escalation proposes: recorded by the asking party's node, naming the query. */
function escalation(): RecordedEvent {
  const ask: QueryCommand = { type: 'ask', subject: { en: 'Vessels' }, description: { en: 'Stationary for days' }, workingGroup: 'wg1', terms: DEFAULT_TERMS };
  const late = new Date(NOW.getTime() + DEFAULT_TERMS.queryAnswerSeconds * 1000 + 1234);
  const steps: Step<QueryState, QueryCommand>[] = [[actor('red', 'duty_officer'), ask], [nodeActor('red' as PartyId), { type: 'escalate' }, late]];
  const proposed = play(queries, steps).find((event) => event.type === 'meeting.proposed');
  expect(proposed?.body).toMatchObject({ target: 'e1', participants: [] });
  return proposed!;
}

const { refusalOf: refusal, refusal: fieldOf } = bodySpec(meetings);

describe('meeting bodies from another node', () => {
  it('given any lifecycle the deciders go through, when its events arrive, then every body passes', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(inputs, (x) => {
      for (const steps of lifecycles(x)) {
        for (const event of play(meetings, steps)) {
          expect(refusal(event)).toBeUndefined();
          seen.add(event.type);
        }
      }
    }));
    expect([...seen].sort()).toEqual([...ALL_TYPES].sort());
  });

  it('given the meeting a query\'s escalation proposes (a node-recorded event), then its body passes', () => {
    expect(refusal(escalation())).toBeUndefined();
  });

  it('given bodies at the decider\'s limits, then they pass', () => {
    const long = { en: 'x'.repeat(MAX_TEXT_LENGTH) };
    const many = Array.from({ length: 200 }, (_, i) => `${i}`.padEnd(MAX_ID_LENGTH, 'm'));
    const agenda = Array.from({ length: MAX_AGENDA_ITEMS }, () => ({ goal: long, incident: 'i'.repeat(MAX_ID_LENGTH) }));
    const during = new Date('2026-03-10T10:00:00Z');
    const propose: Step<MeetingState, MeetingCommand> = [redDelegate, {
      type: 'propose', workingGroup: 'w'.repeat(MAX_ID_LENGTH), start: '2026-03-10T09:00:00.123456789Z', end: '2026-03-10T11:00:00Z',
      format: 'in_person', place: long, participants: many,
    }];
    const events = [
      ...play(meetings, [
        propose,
        [bluePrincipal, { type: 'accept', proposal: 'e1', participants: many }],
        [redDelegate, { type: 'propose_agenda', items: agenda }],
        [bluePrincipal, { type: 'accept_agenda', proposal: 'e3' }],
        [redDelegate, { type: 'record_attendance', attended: many }, during],
        [redDelegate, { type: 'record_outcome', item: MAX_AGENDA_ITEMS - 1, outcome: 'partly', note: long }, during],
        [redDelegate, { type: 'conclude', next: { start: '2026-03-17T09:00:00Z', format: 'in_person', place: long } }, during],
      ]),
      ...play(meetings, [propose, [redDelegate, { type: 'cancel', reason: 'r'.repeat(MAX_REASON_LENGTH) }]]),
    ];
    expect(events.map(refusal)).toEqual(events.map(() => undefined));
  });

  it('given a withheld body, then nothing is checked', () => {
    expect(fieldOf('meeting.proposed', undefined)).toBeUndefined();
  });

  it('given bodies no decider writes, then each is refused naming the field', () => {
    const schedule = { start: '2026-03-10T09:00:00Z', end: '2026-03-10T11:00:00Z', format: 'video' };
    const propose = (body: object) => fieldOf('meeting.proposed', { workingGroup: 'wg1', ...schedule, participants: [], ...body });
    expect(propose({})).toBeUndefined();
    expect(fieldOf('meeting.proposed', null)).toBe('body_invalid body');
    expect(propose({ workingGroup: undefined })).toBe('working_group_missing body.workingGroup');
    expect(propose({ workingGroup: { id: 'wg1' } })).toBe('working_group_missing body.workingGroup');
    expect(propose({ start: 1773133200000 })).toBe('time_invalid body.start');
    expect(propose({ start: '2026-03-10T10:00:00+01:00' })).toBe('time_invalid body.start');
    expect(propose({ end: '2026-03-10T09:00:00Z' })).toBe('end_not_after_start body.end');
    expect(propose({ format: 'pigeon' })).toBe('format_invalid body.format');
    expect(propose({ format: 'in_person' })).toBe('place_missing body.place');
    expect(propose({ place: 'Geneva' })).toBe('text_invalid body.place');
    expect(propose({ place: null })).toBe('text_invalid body.place');
    expect(propose({ place: { en: { nested: 'x' } } })).toBe('text_empty body.place.en');
    expect(propose({ participants: undefined })).toBe('members_invalid body.participants');
    expect(propose({ participants: 'red-chair' })).toBe('members_invalid body.participants');
    expect(propose({ participants: [{ id: 'x' }] })).toBe('member_invalid body.participants[0]');
    expect(propose({ participants: ['a', 'a'] })).toBe('member_repeated body.participants[1]');
    expect(propose({ participants: Array.from({ length: 201 }, (_, i) => `m${i}`) })).toBe('too_many_members body.participants');
    expect(propose({ target: '' })).toBe('target_invalid body.target');
    expect(propose({ agenda: [] })).toBe('field_unknown body.agenda');

    expect(fieldOf('meeting.accepted', { target: 'e1', proposal: 'e1' })).toBeUndefined();
    expect(fieldOf('meeting.accepted', { target: 'e1', proposal: 'e1', participants: null })).toBe('members_invalid body.participants');
    expect(fieldOf('meeting.accepted', { target: 'e1' })).toBe('proposal_invalid body.proposal');
    expect(fieldOf('meeting.rescheduled', { target: 'e1', supersedes: 'e1', ...schedule })).toBeUndefined();
    expect(fieldOf('meeting.rescheduled', { target: 'e1', ...schedule })).toBe('supersedes_invalid body.supersedes');
    expect(fieldOf('meeting.rescheduled', { target: 'e1', supersedes: 'e1', ...schedule, reason: '' })).toBe('reason_missing body.reason');
    expect(fieldOf('meeting.rescheduled', { target: 'e1', supersedes: 'e1', ...schedule, workingGroup: 'wg2' })).toBe('field_unknown body.workingGroup');
    expect(fieldOf('meeting.cancelled', { target: 'e1' })).toBe('reason_missing body.reason');
    expect(fieldOf('meeting.cancelled', { target: 'e1', reason: { en: 'x' } })).toBe('reason_invalid body.reason');
    expect(fieldOf('meeting.cancelled', { target: 'e1', reason: 'r'.repeat(MAX_REASON_LENGTH + 1) })).toBe('reason_too_long body.reason');
    expect(fieldOf('meeting.attendance_recorded', { target: 'e1', attended: [] })).toBeUndefined();
    expect(fieldOf('meeting.attendance_recorded', { target: 'e1' })).toBe('members_invalid body.attended');
    expect(fieldOf('meeting.attendance_recorded', { target: 'e1', attended: ['x'.repeat(MAX_ID_LENGTH + 1)] })).toBe('member_invalid body.attended[0]');

    const next = { start: '2026-04-10T09:00:00Z', format: 'phone' };
    expect(fieldOf('meeting.concluded', { target: 'e1', next })).toBeUndefined();
    expect(fieldOf('meeting.concluded', { target: 'e1' })).toBe('next_missing body.next');
    expect(fieldOf('meeting.concluded', { target: 'e1', next: [next] })).toBe('next_missing body.next');
    expect(fieldOf('meeting.concluded', { target: 'e1', next: { ...next, start: 'soon' } })).toBe('time_invalid body.next.start');
    expect(fieldOf('meeting.concluded', { target: 'e1', next: { ...next, format: 'in_person' } })).toBe('place_missing body.next.place');
    expect(fieldOf('meeting.concluded', { target: 'e1', next: { ...next, place: ['Geneva'] } })).toBe('text_invalid body.next.place');
    expect(fieldOf('meeting.concluded', { target: 'e1', next: { ...next, end: next.start } })).toBe('field_unknown body.next.end');

    const goal = { en: 'Agree a procedure' };
    expect(fieldOf('meeting.agenda_proposed', { target: 'e1', items: [{ goal, incident: 'i1', commitment: 'c1' }] })).toBeUndefined();
    expect(fieldOf('meeting.agenda_proposed', { target: 'e1', items: [] })).toBe('agenda_empty body.items');
    expect(fieldOf('meeting.agenda_proposed', { target: 'e1', items: { goal } })).toBe('agenda_empty body.items');
    expect(fieldOf('meeting.agenda_proposed', { target: 'e1', items: Array.from({ length: 51 }, () => ({ goal })) })).toBe('too_many_items body.items');
    expect(fieldOf('meeting.agenda_proposed', { target: 'e1', items: ['Agree a procedure'] })).toBe('goal_missing body.items[0].goal');
    expect(fieldOf('meeting.agenda_proposed', { target: 'e1', items: [null] })).toBe('goal_missing body.items[0].goal');
    expect(fieldOf('meeting.agenda_proposed', { target: 'e1', items: [{ goal: { en: ['x'] } }] })).toBe('text_empty body.items[0].goal.en');
    expect(fieldOf('meeting.agenda_proposed', { target: 'e1', items: [{ goal, incident: 7 }] })).toBe('incident_invalid body.items[0].incident');
    expect(fieldOf('meeting.agenda_proposed', { target: 'e1', items: [{ goal, commitment: '' }] })).toBe('commitment_invalid body.items[0].commitment');
    expect(fieldOf('meeting.agenda_proposed', { target: 'e1', items: [{ goal, owner: 'red' }] })).toBe('field_unknown body.items[0].owner');
    expect(fieldOf('meeting.agenda_amended', { target: 'e1', items: [{ goal }] })).toBe('supersedes_invalid body.supersedes');
    expect(fieldOf('meeting.agenda_accepted', { target: 'e1', proposal: 'p'.repeat(MAX_ID_LENGTH + 1) })).toBe('proposal_invalid body.proposal');

    const outcome = { target: 'e1', agenda: 'e3', item: 0, outcome: 'achieved' };
    expect(fieldOf('meeting.outcome_recorded', outcome)).toBeUndefined();
    expect(fieldOf('meeting.outcome_recorded', { ...outcome, agenda: null })).toBe('agenda_invalid body.agenda');
    expect(fieldOf('meeting.outcome_recorded', { ...outcome, item: '0' })).toBe('item_not_on_agenda body.item');
    expect(fieldOf('meeting.outcome_recorded', { ...outcome, item: 1.5 })).toBe('item_not_on_agenda body.item');
    expect(fieldOf('meeting.outcome_recorded', { ...outcome, item: -1 })).toBe('item_not_on_agenda body.item');
    expect(fieldOf('meeting.outcome_recorded', { ...outcome, item: MAX_AGENDA_ITEMS })).toBe('item_not_on_agenda body.item');
    expect(fieldOf('meeting.outcome_recorded', { ...outcome, outcome: 'won' })).toBe('outcome_invalid body.outcome');
    expect(fieldOf('meeting.outcome_recorded', { ...outcome, note: 'Good' })).toBe('text_invalid body.note');
    expect(fieldOf('meeting.outcome_recorded', { ...outcome, note: {} })).toBe('text_empty body.note');
    expect(fieldOf('meeting.outcome_recorded', { ...outcome, note: { english: 'Good' } })).toBe('language_tag_invalid body.note.english');
    expect(fieldOf('meeting.outcome_recorded', { ...outcome, disputed: true })).toBe('field_unknown body.disputed');
  });
});
