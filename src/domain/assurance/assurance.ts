/**
 * Assurance commands and evolution. An attached notice must be the giver's own: the node
 * injects which party gave it (`noticeBy`), read in the command's transaction.
 */
import { checkId } from '../ids.js';
import type { AggregateKind, DecideContext } from '../aggregate.js';
import { conflict, notFound } from '../errors.js';
import { checkMultilingualText } from '../multilingual.js';
import { authorize } from '../policy.js';
import { reasonText } from '../reasons.js';
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import type { Json } from '../../record/index.js';
import type { DomainEvent, MultilingualText } from '../types.js';
import { checkAssuranceBody } from './body.js';
import type { AssuranceState } from './state.js';

export type AssuranceCommand =
  /** `noticeBy`: the party that gave `notice`, injected by the node. */
  | { type: 'give'; statement: MultilingualText; notice?: string; noticeBy?: string }
  | { type: 'acknowledge' }
  | { type: 'withdraw'; reason?: string };

export function decideAssurance(command: AssuranceCommand, state: AssuranceState | undefined, ctx: DecideContext): DomainEvent[] {
  const party = ctx.actor.party;
  if (command.type === 'give') {
    authorize(ctx.actor, 'assurance.give');
    const body: { [key: string]: Json } = { statement: { ...checkMultilingualText(command.statement ?? {}, 'statement') } };
    if (command.notice !== undefined) {
      if (command.noticeBy !== party) throw conflict('not_own_notice', `an assurance is attached to your party's own notice; ${command.notice} was given by ${command.noticeBy ?? 'another party'}`, 'notice');
      body.notice = checkId(command.notice, 'notice', 'reference_invalid');
    }
    return [{ type: 'assurance.given', body }];
  }
  if (!state) throw notFound('assurance_not_found', 'no such assurance', 'target');
  authorize(ctx.actor, command.type === 'acknowledge' ? 'assurance.acknowledge' : 'assurance.give');
  if (state.status === 'withdrawn') throw conflict('assurance_withdrawn', 'the assurance was withdrawn');
  switch (command.type) {
    case 'acknowledge':
      if (party === state.givenBy) throw conflict('own_assurance', 'the giving party does not acknowledge its own assurance');
      if (state.acknowledgements[party] !== undefined) throw conflict('already_acknowledged', 'your party already acknowledged this assurance');
      return [{ type: 'assurance.acknowledged', body: { target: state.id } }];
    case 'withdraw': {
      if (party !== state.givenBy) throw conflict('not_giver', `only ${state.givenBy}, who gave the assurance, can withdraw it`);
      const reason = reasonText(command.reason, 'reason', false);
      return [{ type: 'assurance.withdrawn', body: { target: state.id, ...(reason !== undefined ? { reason } : {}) } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

type Body = { [key: string]: unknown };

export function evolveAssurance(state: AssuranceState | undefined, event: RecordedEvent, dialogue: DialogueContext): AssuranceState {
  const body = (event.body ?? {}) as Body;
  if (event.type === 'assurance.given') {
    return {
      id: event.id, status: 'given', givenBy: event.party, givenAt: event.time,
      statement: (body.statement as AssuranceState['statement'] | undefined) ?? null,
      notice: typeof body.notice === 'string' ? body.notice : null,
      acknowledgements: {}, withdrawn: null, lastActivityAt: event.time,
    };
  }
  if (!state) return state as unknown as AssuranceState; // an event for an unknown assurance changes nothing
  switch (event.type) {
    case 'assurance.acknowledged': {
      if (state.status === 'withdrawn') return state;
      const acknowledgements = { ...state.acknowledgements, [event.party]: event.time };
      const others = dialogue.parties.filter((p) => p !== state.givenBy);
      const isAcknowledged = others.length > 0 && others.every((p) => acknowledgements[p] !== undefined);
      return { ...state, acknowledgements, status: isAcknowledged ? 'acknowledged' : 'given', lastActivityAt: event.time };
    }
    case 'assurance.withdrawn':
      return { ...state, status: 'withdrawn', withdrawn: { at: event.time, ...(typeof body.reason === 'string' ? { reason: body.reason } : {}) }, lastActivityAt: event.time };
    default:
      return state;
  }
}

export const assurances: AggregateKind<AssuranceState, AssuranceCommand> = {
  kind: 'assurance',
  creates: ['assurance.given'],
  changes: ['assurance.acknowledged', 'assurance.withdrawn'],
  evolve: evolveAssurance,
  decide: decideAssurance,
  // `parent`: the notice it is attached to, so a notice's assurances are `?parent=NOTICE`.
  index: (state) => ({ status: state.status, parent: state.notice, party: state.givenBy, date: state.givenAt }),
  checkBody: checkAssuranceBody,
};
