/**
 * Hotline-call commands. A principal or duty officer places a call to another party; the
 * receiving party's node records its delivery receipt at once (`record_delivery`, by the
 * node); a duty officer or principal of the receiving party acknowledges and may answer;
 * either party closes it with an outcome. Unacknowledged past its deadline, the receiving
 * node records each escalation level it reaches (`escalate`, by the node, one level at a
 * time, so a level is never recorded twice).
 */
import type { DecideContext } from '../aggregate.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { checkMultilingualText } from '../multilingual.js';
import { authorize } from '../policy.js';
import { DEFAULT_TERMS, PRECEDENCES, type Precedence } from '../terms/index.js';
import type { Actor, DomainEvent, MultilingualText } from '../types.js';
import { CALL_OUTCOMES, isSettled, type CallOutcome, type HotlineCallState } from './state.js';

export type HotlineCallCommand =
  | {
    type: 'place'; to?: string; precedence: Precedence; subject: MultilingualText; message: MultilingualText;
    /** From the terms in force, injected by the node (node/preconditions.ts). */
    ackDeadlineSeconds?: number;
  }
  | { type: 'record_delivery' }
  | { type: 'acknowledge' }
  | { type: 'answer'; message: MultilingualText }
  | { type: 'close'; outcome: CallOutcome; note?: MultilingualText }
  | { type: 'escalate'; level: number; dueAt: string };

/** Receipts and escalations are the node's own acts, never a member's. */
function requireNode(actor: Actor): void {
  if (actor.member !== null) throw forbidden('node_only', 'only the receiving node records this');
}

function recipientOf(command: { to?: string }, ctx: DecideContext): string {
  const others = ctx.dialogue.parties.filter((p) => p !== ctx.actor.party);
  if (command.to === undefined) {
    if (others.length !== 1) throw invalid('recipient_missing', 'to', 'name the party you are calling');
    return others[0]!;
  }
  if (command.to === ctx.actor.party) throw invalid('recipient_invalid', 'to', 'you cannot call your own party');
  if (!others.includes(command.to as never)) throw invalid('recipient_invalid', 'to', `${command.to} is not a party to this dialogue`);
  return command.to;
}

export function decideHotlineCall(command: HotlineCallCommand, state: HotlineCallState | undefined, ctx: DecideContext): DomainEvent[] {
  const { actor } = ctx;
  if (command.type === 'place') {
    authorize(actor, 'hotline.call');
    if (!(PRECEDENCES as readonly string[]).includes(command.precedence)) {
      throw invalid('precedence_invalid', 'precedence', `must be one of ${PRECEDENCES.join(', ')}`);
    }
    const to = recipientOf(command, ctx);
    const subject = checkMultilingualText(command.subject, 'subject');
    const message = checkMultilingualText(command.message, 'message');
    const ackDeadlineSeconds = command.ackDeadlineSeconds ?? DEFAULT_TERMS.ackDeadlineSeconds[command.precedence];
    return [{
      type: 'hotline_call.placed',
      body: { to, precedence: command.precedence, subject: { ...subject }, message: { ...message }, ackDeadlineSeconds },
    }];
  }
  if (!state) throw notFound('hotline_call_not_found', 'no such hotline call', 'target');
  const target = state.id;
  const need = (ok: boolean, code: string, message: string): void => {
    if (!ok) throw conflict(code, message);
  };
  const isRecipient = actor.party === state.to;
  /** A member acts on a call only for the party it concerns. */
  const requireRecipient = (what: string): void => {
    if (!isRecipient) throw forbidden('not_recipient', `only the called party (${state.to}) ${what}`);
  };
  switch (command.type) {
    case 'record_delivery':
      requireNode(actor);
      need(isRecipient, 'not_recipient', 'only the receiving party records delivery');
      need(state.deliveredAt === null, 'already_delivered', 'delivery is already recorded');
      return [{ type: 'hotline_call.delivered', body: { target } }];
    case 'acknowledge':
      authorize(actor, 'hotline.acknowledge');
      requireRecipient('acknowledges');
      need(state.closed === null, 'call_closed', 'the call is closed');
      need(state.acknowledgedAt === null, 'already_acknowledged', 'the call is already acknowledged');
      need(state.deliveredAt !== null, 'not_delivered', 'the call has not been delivered to your node yet');
      return [{ type: 'hotline_call.acknowledged', body: { target } }];
    case 'answer': {
      authorize(actor, 'hotline.answer');
      requireRecipient('answers');
      need(state.closed === null, 'call_closed', 'the call is closed');
      need(state.answer === null, 'already_answered', 'the call is already answered; place a new call to continue');
      need(state.deliveredAt !== null, 'not_delivered', 'the call has not been delivered to your node yet');
      const message = checkMultilingualText(command.message, 'message');
      // Answering is acknowledging: the acknowledgement time is recorded first.
      const ack: DomainEvent[] = state.acknowledgedAt === null ? [{ type: 'hotline_call.acknowledged', body: { target } }] : [];
      return [...ack, { type: 'hotline_call.answered', body: { target, message: { ...message } } }];
    }
    case 'close': {
      authorize(actor, 'hotline.close');
      if (actor.party !== state.from && !isRecipient) throw forbidden('not_a_caller', 'only the calling or called party closes the call');
      need(state.closed === null, 'call_closed', 'the call is already closed');
      if (!(CALL_OUTCOMES as readonly string[]).includes(command.outcome)) {
        throw invalid('outcome_invalid', 'outcome', `must be one of ${CALL_OUTCOMES.join(', ')}`);
      }
      const note = command.note === undefined ? undefined : checkMultilingualText(command.note, 'note');
      return [{ type: 'hotline_call.closed', body: { target, outcome: command.outcome, ...(note ? { note: { ...note } } : {}) } }];
    }
    case 'escalate':
      requireNode(actor);
      need(isRecipient, 'not_recipient', 'only the receiving party escalates');
      need(!isSettled(state), 'call_settled', 'an acknowledged or closed call does not escalate');
      need(state.deliveredAt !== null, 'not_delivered', 'the call has not been delivered');
      need(command.level === state.escalationLevel + 1, 'escalation_out_of_order', `the next escalation level is ${state.escalationLevel + 1}`);
      return [{ type: 'hotline_call.escalated', body: { target, level: command.level, dueAt: command.dueAt } }];
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
