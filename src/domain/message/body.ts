/**
 * The bodies of message events as this node's deciders make them (decider.ts, decide.ts), so
 * a message from another node that no decider could have written is refused at the inbox
 * instead of reaching the other party's screens (a text that is not text, an unknown kind).
 */
import { invalid } from '../errors.js';
import { optionalReference } from '../ids.js';
import { checkMultilingualText } from '../multilingual.js';
import type { RecordedEvent } from '../recorded.js';
import type { MultilingualText } from '../types.js';
import { MESSAGE_KINDS } from './decider.js';

const POSTED_FIELDS = ['kind', 'text', 'authentic', 'workingGroup', 'replyTo', 'requiresAcknowledgement'];

function onlyFields(body: { [key: string]: unknown }, fields: readonly string[]): void {
  const extra = Object.keys(body).find((key) => !fields.includes(key));
  if (extra !== undefined) throw invalid('field_unknown', `body.${extra}`, 'is not a field of this event');
}


export function checkMessageBody(event: RecordedEvent): void {
  // Withheld: redacted at its author's node; the envelope alone is checked.
  if (event.body === undefined) return;
  if (typeof event.body !== 'object' || event.body === null || Array.isArray(event.body)) throw invalid('body_invalid', 'body', 'must be an object');
  const body = event.body as { [key: string]: unknown };
  if (event.type !== 'message.posted') {
    onlyFields(body, ['target']);
    if (typeof body.target !== 'string') throw invalid('target_invalid', 'body.target', 'must be the id of the message');
    return;
  }
  onlyFields(body, POSTED_FIELDS);
  if (!(MESSAGE_KINDS as readonly unknown[]).includes(body.kind)) {
    throw invalid('kind_invalid', 'body.kind', `must be one of ${MESSAGE_KINDS.join(', ')}`);
  }
  if (typeof body.text !== 'object' || body.text === null || Array.isArray(body.text)) {
    throw invalid('text_invalid', 'body.text', 'must map language tags to text');
  }
  const text = checkMultilingualText(body.text as MultilingualText, 'body.text');
  if (body.authentic !== undefined) {
    const tags = body.authentic;
    if (!Array.isArray(tags) || tags.length === 0 || tags.some((tag) => typeof tag !== 'string' || !(tag in text))) {
      throw invalid('authentic_language_missing', 'body.authentic', 'must list languages that have a version in text');
    }
  }
  optionalReference(body.workingGroup, 'body.workingGroup');
  optionalReference(body.replyTo, 'body.replyTo');
  if (body.requiresAcknowledgement !== undefined && body.requiresAcknowledgement !== true) {
    throw invalid('flag_invalid', 'body.requiresAcknowledgement', 'is true or absent');
  }
}
