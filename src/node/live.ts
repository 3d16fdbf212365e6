/**
 * Live notices: what the node tells connected clients (SSE) and party webhooks as soon as it
 * has happened. Shared-record events are published by the appender after their transaction
 * commits, to every party of the dialogue; private notices (an escalation step paging a
 * duty supervisor) name one party and reach only that party's subscribers.
 *
 * In-process only: a subscriber that was not connected when a shared event was published
 * catches up from the record itself (events after a log index), never from this bus.
 */
import type { Json } from '../record/index.js';
import type { DialogueId, PartyId } from '../record/index.js';
import type { StoredEvent } from './ports.js';

export type LiveNotice =
  | { readonly kind: 'event'; readonly dialogue: DialogueId; readonly event: StoredEvent }
  | {
    readonly kind: 'private';
    readonly dialogue: DialogueId;
    /** The only party whose subscribers receive it. */
    readonly party: PartyId;
    /** E.g. `hotline.escalation_step`. */
    readonly type: string;
    readonly data: Json;
    readonly time: string;
  };

export type LiveListener = (notice: LiveNotice) => void;

export class LiveBus {
  private readonly listeners = new Set<LiveListener>();

  /** Calls every listener; a listener that throws is isolated from the others and the publisher. */
  publish(notice: LiveNotice): void {
    for (const listener of this.listeners) {
      try {
        listener(notice);
      } catch {
        // A broken subscriber must never fail the command that published.
      }
    }
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}
