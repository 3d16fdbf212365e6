/** Messages and formal notes: the `message.posted` decider. */
export { decideMessage, MESSAGE_KINDS, type MessageKind, type MessageCommand, type PostMessage, type MessageEvent } from './decider.js';
