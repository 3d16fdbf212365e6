/**
 * Message state: what was posted, and for each recipient party whether its node delivered
 * it (a signed receipt) and whether a person acknowledged it. Unanswered and unreceived
 * correspondence is the failure this tracks, so each party's step is kept apart.
 */
import type { MessageKind } from './decider.js';

export const MESSAGE_STATUSES = ['posted', 'delivered', 'acknowledged'] as const;
/** posted → delivered (every recipient party's node receipted) → acknowledged (every recipient party acknowledged). */
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export type Recipient = {
  /** The receipt's time (the recipient node's clock), null until delivered. */
  deliveredAt: string | null;
  acknowledgedAt: string | null;
  /** The member who acknowledged for the party. */
  acknowledgedBy: string | null;
};

export type MessageState = {
  id: string;
  status: MessageStatus;
  party: string;
  member: string | null;
  postedAt: string;
  /** null (like text and authentic) when the posting body was withheld or redacted. */
  kind: MessageKind | null;
  text: { [lang: string]: string } | null;
  authentic: string[];
  workingGroup: string | null;
  replyTo: string | null;
  requiresAcknowledgement: boolean;
  /** Every other party of the dialogue when it was posted. */
  recipients: { [party: string]: Recipient };
};
