/**
 * The bodies of meeting events as this node's deciders make them (decide.ts, agenda.ts,
 * outcomes.ts, and the query decider's escalation through `meetingProposal`), so an event from
 * another node that no decider could have written is refused at the inbox instead of reaching
 * the state and the other party's screens. Only shape and per-field limits: whether a version
 * is current, the next meeting is after this one or an item is on the agreed agenda depends
 * on state, which the fold settles in order.
 */
import { type BodyRule, type Body, reasonAt, textAt, ruleChecker, objectWith, textShape } from '../bodies.js';
import { invalid } from '../errors.js';
import { checkItems, MAX_AGENDA_ITEMS, type AgendaItemInput } from './agenda.js';
import { checkSchedule, type ScheduleInput } from './decide.js';
import { checkId, checkInstant, checkMembers, checkVenue, type VenueInput } from './fields.js';
import { OUTCOMES } from './state.js';

const id = (field: string, code: string) => (body: Body): void => void checkId(body[field], `body.${field}`, code);
const target = id('target', 'target_invalid');
const proposal = id('proposal', 'proposal_invalid');
const supersedes = id('supersedes', 'supersedes_invalid');

/** Members as checkMembers writes them; `optional` when the decider leaves them out unless given. */
const members = (field: string, optional: boolean) => (body: Body): void => {
  if (optional && body[field] === undefined) return;
  checkMembers(body[field] as string[], `body.${field}`);
};

/** A venue's place, when there is one, is a multilingual text (checkVenue checks its versions). */
function place(value: Body, prefix: string): void {
  if (value.place !== undefined) textShape(value.place, `${prefix}place`);
}

function schedule(body: Body): void {
  place(body, 'body.');
  checkSchedule(body as unknown as ScheduleInput, 'body.');
}

/** Agenda items as checkItems writes them: `goal`, and `incident` and `commitment` only when given. */
function items(body: Body): void {
  const list = body.items as AgendaItemInput[];
  checkItems(list, 'body.items');
  list.forEach((item, i) => objectWith(item, `body.items[${i}]`, ['goal', 'incident', 'commitment']));
}

const SCHEDULE_FIELDS = ['start', 'end', 'format', 'place'];

const RULES: { readonly [type: string]: BodyRule } = {
  // `target`: the query whose escalation proposed it (a node-recorded proposal).
  'meeting.proposed': {
    fields: ['workingGroup', ...SCHEDULE_FIELDS, 'participants', 'target'],
    check: (body) => {
      checkId(body.workingGroup, 'body.workingGroup', 'working_group_missing');
      schedule(body);
      members('participants', false)(body);
      if (body.target !== undefined) target(body);
    },
  },
  'meeting.accepted': {
    fields: ['target', 'proposal', 'participants'],
    check: (body) => { target(body); proposal(body); members('participants', true)(body); },
  },
  'meeting.rescheduled': {
    fields: ['target', 'supersedes', ...SCHEDULE_FIELDS, 'participants', 'reason'],
    check: (body) => {
      target(body);
      supersedes(body);
      schedule(body);
      members('participants', true)(body);
      reasonAt(body.reason, 'body.reason', false);
    },
  },
  'meeting.cancelled': { fields: ['target', 'reason'], check: (body) => { target(body); reasonAt(body.reason, 'body.reason', true); } },
  'meeting.attendance_recorded': { fields: ['target', 'attended'], check: (body) => { target(body); members('attended', false)(body); } },
  'meeting.concluded': {
    fields: ['target', 'next'],
    check: (body) => {
      target(body);
      const next = objectWith(body.next, 'body.next', ['start', 'format', 'place'], 'next_missing');
      checkInstant(next.start, 'body.next.start');
      place(next, 'body.next.');
      checkVenue(next as unknown as VenueInput, 'body.next.');
    },
  },
  'meeting.agenda_proposed': { fields: ['target', 'items'], check: (body) => { target(body); items(body); } },
  'meeting.agenda_amended': { fields: ['target', 'supersedes', 'items'], check: (body) => { target(body); supersedes(body); items(body); } },
  'meeting.agenda_accepted': { fields: ['target', 'proposal'], check: (body) => { target(body); proposal(body); } },
  'meeting.outcome_recorded': {
    fields: ['target', 'agenda', 'item', 'outcome', 'note'],
    check: (body) => {
      target(body);
      id('agenda', 'agenda_invalid')(body);
      // Which items the agenda has is state; that an index is one of at most MAX_AGENDA_ITEMS is not.
      if (!Number.isInteger(body.item) || (body.item as number) < 0 || (body.item as number) >= MAX_AGENDA_ITEMS) {
        throw invalid('item_not_on_agenda', 'body.item', `must be an item index from 0 to ${MAX_AGENDA_ITEMS - 1}`);
      }
      if (!(OUTCOMES as readonly unknown[]).includes(body.outcome)) {
        throw invalid('outcome_invalid', 'body.outcome', `must be one of ${OUTCOMES.join(', ')}`);
      }
      if (body.note !== undefined) textAt(body.note, 'body.note');
    },
  },
};

export const checkMeetingBody = ruleChecker(RULES);
