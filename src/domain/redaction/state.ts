/**
 * Redaction state: the fact that a party withdrew the body of one of its own events from
 * the shared record (a spillage). The event itself, its signature and its place in the
 * chain and the Merkle log stay; only its content is gone, and this says who, when and why.
 */

export const REDACTION_STATUSES = ['redacted'] as const;
export type RedactionStatus = (typeof REDACTION_STATUSES)[number];

export type RedactionState = {
  id: string;
  status: RedactionStatus;
  /** The party that redacted — always the author of the redacted event. */
  party: string;
  member: string | null;
  at: string;
  /** The redacted event's id and type; null only if this redaction's own body were withheld. */
  event: string | null;
  eventType: string | null;
  reason: string | null;
};
