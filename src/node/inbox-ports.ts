/**
 * The port for the federation inbox's own tables (migrations/0009-federation-core.ts):
 * incoming events waiting for what they depend on, and proof of equivocation. Refused
 * events go to the store's quarantine (`recordRejection`). All of it is public
 * node-to-node data: no party's private data is here.
 */
import type { DialogueId, EventId, PartyId, SignedEvent } from '../record/index.js';

/** An incoming event kept until the events it depends on are stored. */
export interface PendingEvent {
  readonly dialogue: DialogueId;
  readonly id: EventId;
  /** The signed event as received, body included. */
  readonly event: SignedEvent;
  /** The peer node it came from. */
  readonly source: string;
  /** What it waits for: `seq_gap` (an earlier event of its party) or `seen_unknown`. */
  readonly reason: string;
  readonly receivedAt: string;
}

/**
 * Two signed envelopes of one party with the same `seq` and different ids: the party (its
 * node) forked its own chain. Both envelopes are kept as received, so anyone can check the
 * two signatures; the event stored first stays in the record, the other is never applied.
 */
export interface EquivocationRecord {
  readonly dialogue: DialogueId;
  readonly party: PartyId;
  readonly seq: number;
  readonly stored: { readonly id: EventId; readonly envelope: string };
  readonly other: { readonly id: EventId; readonly envelope: string };
  readonly source: string;
  readonly detectedAt: string;
}

export interface InboxStore {
  /** Pending events of a dialogue, oldest first (at most `limit` of them, when given). */
  pending(dialogue: DialogueId, limit?: number): Promise<PendingEvent[]>;
  /** How many events of the dialogue are pending. */
  pendingCount(dialogue: DialogueId): Promise<number>;
  /** Keeps an event waiting (once per id: a repeated delivery changes nothing). */
  putPending(event: PendingEvent): Promise<void>;
  deletePending(dialogue: DialogueId, ids: readonly EventId[]): Promise<void>;
  /** The stored event of `party` with `seq`, as its id and canonical signed envelope. */
  eventAt(dialogue: DialogueId, party: PartyId, seq: number): Promise<{ id: EventId; envelope: string } | undefined>;
  /** Which of `ids` the dialogue holds, each with its author party (one query per few hundred ids). */
  eventParties(dialogue: DialogueId, ids: readonly string[]): Promise<Map<string, string>>;
  /** Records proof of equivocation (once per pair). */
  recordEquivocation(record: EquivocationRecord): Promise<void>;
  /** Every equivocation detected in the dialogue, in detection order. */
  equivocations(dialogue: DialogueId): Promise<EquivocationRecord[]>;
}
