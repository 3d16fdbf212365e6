/**
 * Meeting commands. A meeting is agreed (scheduled) when every party accepted the same
 * schedule version; a reschedule is a new version and the earlier agreement no longer holds
 * until everyone accepts again. Either party may cancel with a reason. After the start each
 * party records its own attendance, and the meeting ends by fixing the next one — the habit
 * that keeps a standing mechanism meeting. Agenda commands live in agenda.ts and outcomes.ts.
 * The working group is checked by the node (exists, active); here its id is only carried.
 */
import type { DecideContext } from '../aggregate.js';
import { conflict, invalid, notFound } from '../errors.js';
import { authorize } from '../policy.js';
import { canonicalize, type Json } from '../../record/index.js';
import type { DomainEvent } from '../types.js';
import { decideAgenda, type AgendaCommand } from './agenda.js';
import { checkId, checkInstant, checkMembers, checkVenue, reasonText, type VenueInput } from './fields.js';
import { decideOutcome, type OutcomeCommand } from './outcomes.js';
import type { MeetingState, MeetingStatus } from './state.js';

export interface ScheduleInput extends VenueInput {
  /** RFC 3339 date-times in UTC. */
  readonly start: string;
  readonly end: string;
}

export interface NextMeetingInput extends VenueInput {
  readonly start: string;
}

export type MeetingCommand =
  /** `participants`: the proposing party's own members (each party discloses its own). */
  | ({ type: 'propose'; workingGroup: string; participants?: readonly string[] } & ScheduleInput)
  | { type: 'accept'; proposal: string; participants?: readonly string[] }
  | ({ type: 'reschedule'; participants?: readonly string[]; reason?: string } & ScheduleInput)
  | { type: 'cancel'; reason: string }
  | { type: 'record_attendance'; attended: readonly string[] }
  | { type: 'conclude'; next: NextMeetingInput }
  | AgendaCommand
  | OutcomeCommand;

/** A schedule version; `prefix` goes before field names in errors (`body.` when checking a body). */
export function checkSchedule(input: ScheduleInput, prefix = ''): { [key: string]: Json } {
  const start = checkInstant(input.start, `${prefix}start`);
  const end = checkInstant(input.end, `${prefix}end`);
  if (Date.parse(end) <= Date.parse(start)) throw invalid('end_not_after_start', `${prefix}end`, 'the meeting must end after it starts');
  return { start, end, ...checkVenue(input, prefix) };
}

/** Refuses unless the meeting is in one of `allowed`, naming the status that stands in the way. */
function requireStatus(state: MeetingState, allowed: readonly MeetingStatus[], action: string): void {
  if (allowed.includes(state.status)) return;
  const code = state.status === 'proposed' ? 'meeting_not_scheduled' : `meeting_${state.status}`;
  throw conflict(code, `the meeting is ${state.status}; cannot ${action}`);
}

function requireStarted(state: MeetingState, ctx: DecideContext, action: string): void {
  if (state.schedule === null) throw conflict('schedule_withheld', 'the meeting\'s time is withheld');
  if (ctx.now.getTime() < Date.parse(state.schedule.start)) {
    throw conflict('meeting_not_started', `the meeting starts at ${state.schedule.start}; ${action} after it`);
  }
}

export type ProposeMeeting = Extract<MeetingCommand, { type: 'propose' }>;

/**
 * The `meeting.proposed` event for a proposal, without the role check: members propose
 * through `decideMeeting`; a node proposes one when an unanswered query escalates, naming
 * the query in `target` (for the query it is a changing event: it links the meeting).
 */
export function meetingProposal(command: ProposeMeeting, escalates?: string): DomainEvent {
  const workingGroup = checkId(command.workingGroup, 'workingGroup', 'working_group_missing');
  const schedule = checkSchedule(command);
  const participants = checkMembers(command.participants ?? [], 'participants');
  return { type: 'meeting.proposed', body: { workingGroup, ...schedule, participants, ...(escalates !== undefined ? { target: escalates } : {}) } };
}

function propose(command: ProposeMeeting, ctx: DecideContext): DomainEvent[] {
  authorize(ctx.actor, 'meeting.propose');
  return [meetingProposal(command)];
}

function reschedule(command: Extract<MeetingCommand, { type: 'reschedule' }>, state: MeetingState, ctx: DecideContext): DomainEvent[] {
  authorize(ctx.actor, 'meeting.propose');
  requireStatus(state, ['proposed', 'scheduled'], 'reschedule it');
  const schedule = checkSchedule(command);
  const participants = command.participants === undefined ? undefined : checkMembers(command.participants, 'participants');
  const sameSchedule = state.schedule !== null && canonicalize(schedule) === canonicalize(state.schedule);
  const sameParticipants = participants === undefined || canonicalize(participants) === canonicalize(state.participants[ctx.actor.party] ?? []);
  if (sameSchedule && sameParticipants) throw conflict('schedule_unchanged', 'this is the current schedule; nothing to reschedule');
  const reason = reasonText(command.reason, 'reason', false);
  const body: { [key: string]: Json } = { target: state.id, supersedes: state.proposal, ...schedule };
  if (participants !== undefined) body.participants = participants;
  if (reason !== undefined) body.reason = reason;
  return [{ type: 'meeting.rescheduled', body }];
}

export function decideMeeting(command: MeetingCommand, state: MeetingState | undefined, ctx: DecideContext): DomainEvent[] {
  if (command.type === 'propose') return propose(command, ctx);
  if (!state) throw notFound('meeting_not_found', 'no such meeting', 'target');
  const target = state.id;
  const party = ctx.actor.party;
  switch (command.type) {
    case 'accept': {
      authorize(ctx.actor, 'meeting.accept');
      requireStatus(state, ['proposed'], 'accept it');
      if (command.proposal !== state.proposal) throw conflict('stale_proposal', `the schedule version to accept is ${state.proposal}`);
      if (state.acceptances[party] === state.proposal) throw conflict('already_accepted', 'your party has already accepted this schedule');
      const participants = command.participants === undefined ? undefined : checkMembers(command.participants, 'participants');
      return [{ type: 'meeting.accepted', body: { target, proposal: state.proposal, ...(participants ? { participants } : {}) } }];
    }
    case 'reschedule':
      return reschedule(command, state, ctx);
    case 'cancel':
      authorize(ctx.actor, 'meeting.cancel');
      requireStatus(state, ['proposed', 'scheduled'], 'cancel it');
      return [{ type: 'meeting.cancelled', body: { target, reason: reasonText(command.reason, 'reason', true)! } }];
    case 'record_attendance': {
      authorize(ctx.actor, 'meeting.attend');
      requireStatus(state, ['scheduled', 'held', 'concluded'], 'record attendance');
      requireStarted(state, ctx, 'record attendance');
      const attended = checkMembers(command.attended, 'attended');
      if (canonicalize(attended) === canonicalize(state.attendance[party] ?? null)) {
        throw conflict('attendance_unchanged', 'your party already recorded this attendance');
      }
      return [{ type: 'meeting.attendance_recorded', body: { target, attended } }];
    }
    case 'conclude': {
      authorize(ctx.actor, 'meeting.conclude');
      requireStatus(state, ['scheduled', 'held'], 'conclude it');
      requireStarted(state, ctx, 'conclude it');
      if (command.next === undefined || command.next === null) {
        throw invalid('next_missing', 'next', 'a meeting ends by fixing the date and place of the next one');
      }
      const start = checkInstant(command.next.start, 'next.start');
      if (Date.parse(start) <= Date.parse(state.schedule!.end)) {
        throw invalid('next_not_after_meeting', 'next.start', `must be after this meeting ends (${state.schedule!.end})`);
      }
      return [{ type: 'meeting.concluded', body: { target, next: { start, ...checkVenue(command.next, 'next.') } } }];
    }
    case 'propose_agenda':
    case 'amend_agenda':
    case 'accept_agenda':
      return decideAgenda(command, state, ctx);
    case 'record_outcome':
      return decideOutcome(command, state, ctx);
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
