/** How message events change the state. Pure; replay rebuilds the same state. */
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import type { MessageKind } from './decider.js';
import type { MessageState, MessageStatus, Recipient } from './state.js';

type Body = { [key: string]: unknown };

function statusOf(recipients: { [party: string]: Recipient }): MessageStatus {
  const all = Object.values(recipients);
  if (all.length === 0) return 'posted';
  if (all.every((r) => r.acknowledgedAt !== null)) return 'acknowledged';
  if (all.every((r) => r.deliveredAt !== null)) return 'delivered';
  return 'posted';
}

export function evolveMessage(state: MessageState | undefined, event: RecordedEvent, dialogue: DialogueContext): MessageState {
  const body = (event.body ?? {}) as Body;
  if (event.type === 'message.posted') {
    const recipients: { [party: string]: Recipient } = {};
    for (const party of dialogue.parties) {
      if (party !== event.party) recipients[party] = { deliveredAt: null, acknowledgedAt: null, acknowledgedBy: null };
    }
    const withheld = event.body === undefined;
    return {
      id: event.id, status: 'posted', party: event.party, member: event.member, postedAt: event.time,
      kind: withheld ? null : (body.kind as MessageKind),
      text: withheld ? null : (body.text as MessageState['text']),
      authentic: Array.isArray(body.authentic) ? (body.authentic as string[]) : [],
      workingGroup: typeof body.workingGroup === 'string' ? body.workingGroup : null,
      replyTo: typeof body.replyTo === 'string' ? body.replyTo : null,
      requiresAcknowledgement: body.requiresAcknowledgement === true,
      recipients,
    };
  }
  if (!state) return state as unknown as MessageState; // an event for an unknown message changes nothing
  const recipient = state.recipients[event.party];
  if (!recipient) return state; // the author or a stranger: receipts count only from recipient parties
  let changed: Recipient;
  switch (event.type) {
    case 'message.delivered':
      if (recipient.deliveredAt !== null) return state;
      changed = { ...recipient, deliveredAt: event.time };
      break;
    case 'message.acknowledged':
      if (recipient.acknowledgedAt !== null) return state;
      changed = { ...recipient, acknowledgedAt: event.time, acknowledgedBy: event.member };
      break;
    default:
      return state;
  }
  const recipients = { ...state.recipients, [event.party]: changed };
  return { ...state, recipients, status: statusOf(recipients) };
}
