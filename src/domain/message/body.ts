/**
 * The bodies of message events as this node's deciders make them (decider.ts, decide.ts), so
 * a message from another node that no decider could have written is refused at the inbox
 * instead of reaching the other party's screens (a text that is not text, an unknown kind).
 */
import { invalid } from '../errors.js';
import { bodyOf, changingBody, onlyFields, textAt } from '../bodies.js';
import { optionalReference } from '../ids.js';
import type { RecordedEvent } from '../recorded.js';
import { MESSAGE_KINDS } from './decider.js';

const POSTED_FIELDS = ['kind', 'text', 'authentic', 'workingGroup', 'replyTo', 'requiresAcknowledgement'];



export function checkMessageBody(event: RecordedEvent): void {
  // Withheld: redacted at its author's node; the envelope alone is checked.
  const body = bodyOf(event);
  if (body === undefined) return;
  if (event.type !== 'message.posted') {
    changingBody(body, []);
    return;
  }
  onlyFields(body, POSTED_FIELDS);
  if (!(MESSAGE_KINDS as readonly unknown[]).includes(body.kind)) {
    throw invalid('kind_invalid', 'body.kind', `must be one of ${MESSAGE_KINDS.join(', ')}`);
  }
  const text = textAt(body.text, 'body.text');
  if (body.authentic !== undefined) {
    const tags = body.authentic;
    if (!Array.isArray(tags) || tags.length === 0 || tags.some((tag) => typeof tag !== 'string' || !Object.hasOwn(text, tag))) {
      throw invalid('authentic_language_missing', 'body.authentic', 'must list languages that have a version in text');
    }
  }
  optionalReference(body.workingGroup, 'body.workingGroup');
  optionalReference(body.replyTo, 'body.replyTo');
  if (body.requiresAcknowledgement !== undefined && body.requiresAcknowledgement !== true) {
    throw invalid('flag_invalid', 'body.requiresAcknowledgement', 'is true or absent');
  }
}
