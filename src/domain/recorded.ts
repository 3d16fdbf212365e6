/**
 * An event as the domain sees it when evolving state: the envelope facts it may rely on
 * and the body, which is `undefined` when withheld or redacted. Evolve functions must
 * accept a missing body (the record still holds the event; only its content is gone).
 */
import type { DialogueId, EventId, Json, MemberId, PartyId } from '../record/index.js';

export interface RecordedEvent<B extends Json = Json> {
  readonly id: EventId;
  /** Position in this node's log: node-local, so it must never end up in state. */
  readonly index: number;
  /** Lamport clock: the same on every node; later than every event the author had seen. */
  readonly clock: number;
  readonly party: PartyId;
  readonly member: MemberId | null;
  /** The author's clock, RFC 3339 UTC. */
  readonly time: string;
  readonly type: string;
  readonly body: B | undefined;
}

/** What every decider may know about the dialogue it works in. */
export interface DialogueContext {
  readonly id: DialogueId;
  /** Every party to the dialogue, in the order they were listed. */
  readonly parties: readonly PartyId[];
}
