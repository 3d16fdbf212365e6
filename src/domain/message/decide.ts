/**
 * Message commands as an aggregate: posting (via `decideMessage`), the delivery receipt
 * that each recipient party's node records on receiving a message, and the acknowledgement
 * a person of a recipient party gives — once per party. A receipt proves the node got it;
 * an acknowledgement proves someone read it, which is what a formal note may ask for.
 */
import type { DecideContext } from '../aggregate.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { authorize } from '../policy.js';
import type { DomainEvent } from '../types.js';
import { decideMessage, type PostMessage } from './decider.js';
import type { MessageState } from './state.js';

export type MessageAggregateCommand =
  | Omit<PostMessage, 'actor'>
  /** Recorded by the recipient party's node (the actor is that party; no person acts, no role is needed). */
  | { type: 'record_delivery' }
  | { type: 'acknowledge' };

export function decideMessageCommand(command: MessageAggregateCommand, state: MessageState | undefined, ctx: DecideContext): DomainEvent[] {
  if (command.type === 'post_message') return decideMessage({ ...command, actor: ctx.actor });
  if (!state) throw notFound('message_not_found', 'no such message', 'target');
  const party = ctx.actor.party;
  const recipient = state.recipients[party];
  switch (command.type) {
    case 'record_delivery':
      if (!recipient) throw forbidden('not_recipient', `party ${party} is not a recipient of this message`);
      if (recipient.deliveredAt !== null) throw conflict('already_delivered', `party ${party} already receipted this message`);
      return [{ type: 'message.delivered', body: { target: state.id } }];
    case 'acknowledge':
      authorize(ctx.actor, 'message.acknowledge');
      if (!recipient) throw forbidden('not_recipient', 'only a recipient party acknowledges a message');
      if (recipient.acknowledgedAt !== null) throw conflict('already_acknowledged', `your party acknowledged this message (${recipient.acknowledgedBy ?? 'unknown member'})`);
      return [{ type: 'message.acknowledged', body: { target: state.id } }];
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
