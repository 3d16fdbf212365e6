/**
 * Messages: informal correspondence and formal notes between the parties of a dialogue.
 * Delivery receipts and acknowledgements arrive with the dialogue issue; this is the first
 * event type of the domain (`message.posted`).
 */
import { forbidden, invalid } from '../errors.js';
import { checkMultilingualText } from '../multilingual.js';
import type { Actor, DomainEvent, MultilingualText } from '../types.js';

export const MESSAGE_KINDS = ['informal', 'formal_note'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface PostMessage {
  readonly type: 'post_message';
  readonly actor: Actor;
  readonly kind: MessageKind;
  readonly text: MultilingualText;
  /** Languages whose versions are equally authentic; each must be present in `text`. */
  readonly authentic?: readonly string[];
}

export type MessageCommand = PostMessage;

export type MessageEvent = DomainEvent<'message.posted', { kind: MessageKind; text: { [lang: string]: string }; authentic?: string[] }>;

/** Roles that may write to the shared record of a dialogue (observers only read). */
const POSTING_ROLES = new Set(['principal', 'delegate', 'notetaker', 'duty_officer']);

export function decideMessage(command: MessageCommand): MessageEvent[] {
  switch (command.type) {
    case 'post_message': {
      if (!command.actor.roles.some((role) => POSTING_ROLES.has(role))) {
        throw forbidden('role_cannot_post', 'observers and admins may not post messages to the shared record');
      }
      const text = checkMultilingualText(command.text, 'text');
      const body: MessageEvent['body'] = { kind: command.kind, text: { ...text } };
      if (command.authentic && command.authentic.length > 0) {
        for (const lang of command.authentic) {
          if (!(lang in text)) {
            throw invalid('authentic_language_missing', 'authentic', `names ${lang}, which has no version in text`);
          }
        }
        body.authentic = [...command.authentic].sort();
      }
      return [{ type: 'message.posted', body }];
    }
    default: {
      const unreachable: never = command.type;
      return unreachable;
    }
  }
}
