/** Messages and formal notes: posting, delivery receipts per recipient party, acknowledgements by a person. */
import type { AggregateKind } from '../aggregate.js';
import { decideMessageCommand, type MessageAggregateCommand } from './decide.js';
import { checkMessageBody } from './body.js';
import { evolveMessage } from './evolve.js';
import type { MessageState } from './state.js';

export {
  decideMessage, MESSAGE_KINDS, type MessageKind, type MessageCommand, type PostMessage, type MessageEvent, type MessagePostedBody,
} from './decider.js';
export { decideMessageCommand, type MessageAggregateCommand } from './decide.js';
export { evolveMessage } from './evolve.js';
export { MESSAGE_STATUSES, type MessageState, type MessageStatus, type Recipient } from './state.js';

export const messages: AggregateKind<MessageState, MessageAggregateCommand> = {
  kind: 'message',
  creates: ['message.posted'],
  changes: ['message.delivered', 'message.acknowledged'],
  evolve: evolveMessage,
  decide: decideMessageCommand,
  index: (state) => ({ status: state.status, parent: state.workingGroup, party: state.party, date: state.postedAt }),
  checkBody: checkMessageBody,
};
