/**
 * Posting a message: informal correspondence and formal notes between the parties of a
 * dialogue (`message.posted`). Kept as a plain function because the node and CLI call it
 * directly; receipts and acknowledgements are in ./decide.ts (the `messages` aggregate).
 */
import { optionalReference } from '../ids.js';
import { invalid } from '../errors.js';
import { authorize } from '../policy.js';
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
  /** The working group it is posted in; absent for dialogue-wide correspondence. */
  readonly workingGroup?: string;
  /** The message it answers. */
  readonly replyTo?: string;
  /** Asks each recipient party for an acknowledgement by a person (not only a receipt). */
  readonly requiresAcknowledgement?: boolean;
}

export type MessageCommand = PostMessage;

export type MessagePostedBody = {
  kind: MessageKind;
  text: { [lang: string]: string };
  authentic?: string[];
  workingGroup?: string;
  replyTo?: string;
  requiresAcknowledgement?: true;
};
export type MessageEvent = DomainEvent<'message.posted', MessagePostedBody>;


export function decideMessage(command: MessageCommand): MessageEvent[] {
  switch (command.type) {
    case 'post_message': {
      // Observers and admins only read the shared record (policy.ts).
      authorize(command.actor, 'message.post');
      // HTTP and the CLI check the kind too; a scenario step reaches this decider directly.
      if (!(MESSAGE_KINDS as readonly unknown[]).includes(command.kind)) {
        throw invalid('kind_invalid', 'kind', `must be one of ${MESSAGE_KINDS.join(', ')}`);
      }
      const text = checkMultilingualText(command.text, 'text');
      const body: MessageEvent['body'] = { kind: command.kind, text: { ...text } };
      if (command.authentic && command.authentic.length > 0) {
        for (const lang of command.authentic) {
          if (!Object.hasOwn(text, lang)) {
            throw invalid('authentic_language_missing', 'authentic', `names ${lang}, which has no version in text`);
          }
        }
        body.authentic = [...command.authentic].sort();
      }
      Object.assign(body, optionalReference(command.workingGroup, 'workingGroup'), optionalReference(command.replyTo, 'replyTo'));
      if (command.requiresAcknowledgement === true) body.requiresAcknowledgement = true;
      return [{ type: 'message.posted', body }];
    }
    default: {
      const unreachable: never = command.type;
      return unreachable;
    }
  }
}
