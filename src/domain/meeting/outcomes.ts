/**
 * After the meeting, each party records its own outcome per agenda item. Parties may see it
 * differently; that disagreement is kept visible (`disputed`) rather than resolved, since
 * SPEC.md §2 treats it as a fact about the dialogue. Also the small ratios the floor
 * dashboard reads.
 */
import type { DecideContext } from '../aggregate.js';
import { conflict, invalid } from '../errors.js';
import { checkMultilingualText } from '../multilingual.js';
import { authorize } from '../policy.js';
import type { RecordedEvent } from '../recorded.js';
import { canonicalize, type Json } from '../../record/index.js';
import type { DomainEvent, MultilingualText } from '../types.js';
import { OUTCOMES, type Agenda, type MeetingState, type Outcome } from './state.js';

export type OutcomeCommand = { type: 'record_outcome'; item: number; outcome: Outcome; note?: MultilingualText };

export function decideOutcome(command: OutcomeCommand, state: MeetingState, ctx: DecideContext): DomainEvent[] {
  authorize(ctx.actor, 'agenda.outcome');
  const party = ctx.actor.party;
  if (state.status === 'cancelled') throw conflict('meeting_cancelled', 'the meeting was cancelled');
  if (state.status === 'proposed') throw conflict('meeting_not_scheduled', 'the meeting was never agreed; there is nothing to record outcomes for');
  const agenda = state.agenda;
  if (!agenda || !agenda.isAgreed) throw conflict('agenda_not_agreed', 'outcomes are recorded against an agenda every party accepted');
  if (state.schedule === null) throw conflict('schedule_withheld', 'the meeting\'s time is withheld; outcomes cannot be dated against it');
  if (ctx.now.getTime() < Date.parse(state.schedule.start)) {
    throw conflict('meeting_not_started', `the meeting starts at ${state.schedule.start}; record outcomes after it`);
  }
  const { item } = command;
  if (!Number.isInteger(item) || item < 0 || item >= agenda.items.length) {
    throw invalid('item_not_on_agenda', 'item', `must be an item index from 0 to ${agenda.items.length - 1}`);
  }
  if (!(OUTCOMES as readonly string[]).includes(command.outcome)) {
    throw invalid('outcome_invalid', 'outcome', `must be one of ${OUTCOMES.join(', ')}`);
  }
  const note = command.note === undefined ? undefined : { ...checkMultilingualText(command.note, 'note') };
  const current = agenda.items[item]!;
  if (current.outcomes[party] === command.outcome && canonicalize(current.notes[party] ?? null) === canonicalize(note ?? null)) {
    throw conflict('outcome_unchanged', 'your party already recorded this outcome for this item');
  }
  const body: { [key: string]: Json } = { target: state.id, agenda: agenda.proposal, item, outcome: command.outcome };
  if (note !== undefined) body.note = note;
  return [{ type: 'meeting.outcome_recorded', body }];
}

type Body = { [key: string]: unknown };

/** The agenda after `meeting.outcome_recorded`; an outcome for another agenda version changes nothing. */
export function evolveOutcome(agenda: Agenda | null, event: RecordedEvent): Agenda | null {
  const body = (event.body ?? {}) as Body;
  if (!agenda || body.agenda !== agenda.proposal || typeof body.item !== 'number' || !agenda.items[body.item]) return agenda;
  const index = body.item;
  const items = agenda.items.map((item, i) => {
    if (i !== index) return item;
    const outcomes = { ...item.outcomes, [event.party]: body.outcome as Outcome };
    const { [event.party]: _previous, ...notes } = item.notes;
    if (body.note !== undefined) notes[event.party] = body.note as { [lang: string]: string };
    return { ...item, outcomes, notes, disputed: new Set(Object.values(outcomes)).size > 1 };
  });
  return { ...agenda, items };
}

export type GoalsAchieved = { achieved: number; recorded: number; percent: number };

/**
 * Per party: items it recorded as `achieved` out of the items it recorded any outcome for,
 * with the share as an integer 0–100. A party that recorded nothing is absent.
 */
export function goalsAchievedRatio(state: MeetingState): { [party: string]: GoalsAchieved } {
  const ratios: { [party: string]: GoalsAchieved } = {};
  for (const item of state.agenda?.items ?? []) {
    for (const [party, outcome] of Object.entries(item.outcomes)) {
      const ratio = ratios[party] ?? { achieved: 0, recorded: 0, percent: 0 };
      ratio.recorded += 1;
      if (outcome === 'achieved') ratio.achieved += 1;
      ratios[party] = ratio;
    }
  }
  for (const ratio of Object.values(ratios)) ratio.percent = Math.round((100 * ratio.achieved) / ratio.recorded);
  return ratios;
}
