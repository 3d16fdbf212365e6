/**
 * Per-party hash chains (ARCHITECTURE.md "Event"): each party numbers its events in a
 * dialogue from 1 with no gaps (`seq`), links each to its previous one (`prev`), and names
 * the latest event it had applied of every other party (`seen`).
 */
import type { EventId, PartyId } from './event.js';

/** The head of one party's chain: its latest sequence number and event id. */
export interface ChainHead {
  readonly seq: number;
  readonly id: EventId;
}

/** Heads of every party's chain in one dialogue, as applied by a node. */
export type ChainHeads = ReadonlyMap<PartyId, ChainHead>;

/** The chain fields of the next event by `party`, given the heads the author has applied. */
export function nextChainFields(
  party: PartyId,
  heads: ChainHeads,
): { seq: number; prev: EventId | null; seen: Record<string, EventId> } {
  const own = heads.get(party);
  const seen: Record<string, EventId> = {};
  for (const [other, head] of heads) if (other !== party) seen[other] = head.id;
  return { seq: own ? own.seq + 1 : 1, prev: own ? own.id : null, seen };
}
