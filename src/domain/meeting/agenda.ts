/**
 * The agenda of a meeting: a list of items, each with a goal — a concrete, checkable outcome
 * ("agree a notification procedure for air intercepts"), not a topic. It is agreed when every
 * party accepted the same version; an amendment is a new version that needs fresh acceptance.
 * Once any party recorded an outcome the agenda is fixed: outcomes are about these items.
 */
import { isAgreed } from '../agreement.js';
import type { DecideContext } from '../aggregate.js';
import { conflict, invalid } from '../errors.js';
import { checkMultilingualText } from '../multilingual.js';
import { authorize } from '../policy.js';
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import type { Json } from '../../record/index.js';
import type { DomainEvent, MultilingualText } from '../types.js';
import { checkId } from './fields.js';
import type { Agenda, AgendaItem, MeetingState } from './state.js';

export const MAX_AGENDA_ITEMS = 50;

export interface AgendaItemInput {
  readonly goal: MultilingualText;
  readonly incident?: string;
  readonly commitment?: string;
}

export type AgendaCommand =
  | { type: 'propose_agenda'; items: readonly AgendaItemInput[] }
  /** `readoutsPublished`: readouts of this meeting on the record (a fact the node injects). */
  | { type: 'amend_agenda'; items: readonly AgendaItemInput[]; readoutsPublished?: number }
  | { type: 'accept_agenda'; proposal: string };

export const AGENDA_EVENTS = ['meeting.agenda_proposed', 'meeting.agenda_amended', 'meeting.agenda_accepted'] as const;

/** The agenda items as recorded; `name` names the list in errors (`body.items` when checking a body). */
export function checkItems(items: readonly AgendaItemInput[], name = 'items'): Json[] {
  if (!Array.isArray(items) || items.length === 0) throw invalid('agenda_empty', name, 'list at least one item with a goal');
  if (items.length > MAX_AGENDA_ITEMS) throw invalid('too_many_items', name, `at most ${MAX_AGENDA_ITEMS} items`);
  return items.map((item, i) => {
    const field = `${name}[${i}]`;
    const goal = item?.goal as MultilingualText | undefined;
    if (goal === undefined || goal === null || typeof goal !== 'object' || Object.values(goal).every((text) => typeof text === 'string' && text.trim() === '')) {
      throw invalid('goal_missing', `${field}.goal`, 'state the concrete, checkable outcome this item is meant to reach');
    }
    const body: { [key: string]: Json } = { goal: { ...checkMultilingualText(goal, `${field}.goal`) } };
    if (item.incident !== undefined) body.incident = checkId(item.incident, `${field}.incident`, 'incident_invalid');
    if (item.commitment !== undefined) body.commitment = checkId(item.commitment, `${field}.commitment`, 'commitment_invalid');
    return body;
  });
}

const hasOutcomes = (agenda: Agenda): boolean => agenda.items.some((item) => Object.keys(item.outcomes).length > 0);

export function decideAgenda(command: AgendaCommand, state: MeetingState, ctx: DecideContext): DomainEvent[] {
  const target = state.id;
  if (state.status === 'cancelled' || state.status === 'concluded') {
    throw conflict(`meeting_${state.status}`, `the meeting is ${state.status}; its agenda can no longer change`);
  }
  const agenda = state.agenda;
  switch (command.type) {
    case 'propose_agenda':
      authorize(ctx.actor, 'agenda.propose');
      if (agenda) throw conflict('agenda_exists', `the meeting already has an agenda (${agenda.proposal}); amend it instead`);
      return [{ type: 'meeting.agenda_proposed', body: { target, items: checkItems(command.items) } }];
    case 'amend_agenda':
      authorize(ctx.actor, 'agenda.propose');
      if (!agenda) throw conflict('no_agenda', 'the meeting has no agenda yet; propose one');
      if (hasOutcomes(agenda)) throw conflict('outcomes_recorded', 'outcomes have been recorded against this agenda; it can no longer change');
      // Readouts name agenda items by position: a changed agenda would pair them with other items.
      if ((command.readoutsPublished ?? 0) > 0) throw conflict('readouts_published', 'a readout of this meeting refers to its agenda items; the agenda can no longer change');
      return [{ type: 'meeting.agenda_amended', body: { target, supersedes: agenda.proposal, items: checkItems(command.items) } }];
    case 'accept_agenda':
      authorize(ctx.actor, 'agenda.accept');
      if (!agenda) throw conflict('no_agenda', 'the meeting has no agenda yet');
      if (command.proposal !== agenda.proposal) throw conflict('stale_proposal', `the agenda version to accept is ${agenda.proposal}`);
      if (agenda.acceptances[ctx.actor.party] === agenda.proposal) throw conflict('already_accepted', 'your party has already accepted this agenda version');
      return [{ type: 'meeting.agenda_accepted', body: { target, proposal: agenda.proposal } }];
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

type Body = { [key: string]: unknown };

function itemOf(raw: unknown): AgendaItem {
  const item = (raw ?? {}) as Body;
  return {
    goal: (item.goal as AgendaItem['goal']) ?? null,
    incident: typeof item.incident === 'string' ? item.incident : null,
    commitment: typeof item.commitment === 'string' ? item.commitment : null,
    outcomes: {}, notes: {}, disputed: false,
  };
}

/** The agenda after one of the agenda events. */
export function evolveAgenda(agenda: Agenda | null, event: RecordedEvent, dialogue: DialogueContext): Agenda | null {
  const body = (event.body ?? {}) as Body;
  if (event.type === 'meeting.agenda_proposed' || event.type === 'meeting.agenda_amended') {
    const acceptances = { [event.party]: event.id };
    return {
      proposal: event.id, version: (agenda?.version ?? 0) + 1, proposedBy: event.party,
      items: Array.isArray(body.items) ? body.items.map(itemOf) : [],
      acceptances, isAgreed: isAgreed(acceptances, event.id, dialogue.parties),
    };
  }
  if (event.type === 'meeting.agenda_accepted' && agenda) {
    const acceptances = { ...agenda.acceptances, [event.party]: String(body.proposal) };
    return { ...agenda, acceptances, isAgreed: isAgreed(acceptances, agenda.proposal, dialogue.parties) };
  }
  return agenda;
}
