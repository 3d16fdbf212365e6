/**
 * The port for a party's outbound webhooks (docs/webhooks.md): PRIVATE endpoints with their
 * signing secrets, the durable delivery outbox that is also the delivery log, and the
 * per-dialogue cursor that turns committed events into deliveries exactly once
 * (docs/decisions/0010-webhook-delivery.md). Every read by an API caller names the party.
 */
import type { DialogueId, PartyId } from '../record/index.js';

export interface WebhookRecord {
  readonly id: string;
  readonly party: PartyId;
  /** http: or https: only. */
  readonly url: string;
  /** Type prefixes to deliver (empty: every type), as in the SSE `types` filter. */
  readonly types: readonly string[];
  /** Signs each delivery; shown to the party once, at creation or rotation. */
  readonly secret: string;
  readonly enabled: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface NewDelivery {
  readonly id: string;
  readonly webhook: string;
  readonly party: PartyId;
  /** Unique per endpoint: `event:<dialogue>:<log index>` or `private:<id>`. */
  readonly eventKey: string;
  readonly dialogue: DialogueId;
  readonly type: string;
  /** The JSON body sent, fixed at enqueue time so every retry signs the same bytes. */
  readonly payload: string;
  readonly createdAt: string;
}

export interface DeliveryRecord extends NewDelivery {
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** When the next attempt is due (null once delivered or failed). */
  readonly nextAttemptAt: string | null;
  readonly lastAttemptAt: string | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
}

export interface DeliveryAttempt {
  readonly attempt: number;
  readonly at: string;
  /** The receiver's HTTP status, or null when no response came (refused, timed out). */
  readonly statusCode: number | null;
  readonly error: string | null;
}

export interface WebhookStore {
  createWebhook(webhook: WebhookRecord): Promise<void>;
  /** The party's endpoint, or undefined (also when it belongs to another party). */
  webhook(party: PartyId, id: string): Promise<WebhookRecord | undefined>;
  /** Oldest first. */
  webhooksOf(party: PartyId): Promise<WebhookRecord[]>;
  /** Enabled endpoints of any of these parties (for enqueueing). */
  enabledWebhooks(parties: readonly PartyId[]): Promise<WebhookRecord[]>;
  /**
   * Changes an endpoint of the party; undefined when it has none by that id. `check` sees the
   * endpoint as it is inside the same transaction, before the change, and may throw to refuse
   * it (an If-Match that no longer matches): a compare-and-set, not a read then a write.
   */
  updateWebhook(
    party: PartyId, id: string, changes: Partial<Pick<WebhookRecord, 'url' | 'types' | 'secret' | 'enabled' | 'updatedAt'>>,
    check?: (current: WebhookRecord) => void,
  ): Promise<WebhookRecord | undefined>;
  /** Deletes the endpoint with its deliveries; false if the party has no such endpoint. */
  deleteWebhook(party: PartyId, id: string): Promise<boolean>;

  /** Next log index of the dialogue not yet turned into deliveries; undefined before the first. */
  cursor(dialogue: DialogueId): Promise<number | undefined>;
  /**
   * In one transaction: inserts the deliveries (skipping any already enqueued) and moves the
   * dialogue's cursor from `from` (undefined: no cursor yet) to `to`. Returns false, changing
   * nothing, when the cursor was not at `from` (another process moved it first).
   */
  enqueueEvents(dialogue: DialogueId, from: number | undefined, to: number, deliveries: readonly NewDelivery[]): Promise<boolean>;
  /** Inserts deliveries of a private notice (skipping any already enqueued). */
  enqueue(deliveries: readonly NewDelivery[]): Promise<void>;

  /** Pending deliveries due at `now`, oldest due first. */
  dueDeliveries(now: string, limit: number): Promise<DeliveryRecord[]>;
  /** When the earliest pending delivery is due, if any. */
  nextDue(): Promise<string | undefined>;
  /**
   * Claims a due delivery for one attempt by moving its due time to `leaseUntil`, if it is
   * still pending and due at `expectedDue` (so two workers never send the same attempt).
   */
  claim(id: string, expectedDue: string, leaseUntil: string): Promise<boolean>;
  /** Records an attempt and the delivery's new status and due time, in one transaction. */
  recordAttempt(id: string, attempt: DeliveryAttempt, outcome: { status: DeliveryStatus; nextAttemptAt: string | null }): Promise<void>;
  /** The endpoint's deliveries, newest first, with their attempts (oldest attempt first). */
  deliveries(party: PartyId, webhook: string, query: { limit: number; status?: DeliveryStatus }): Promise<Array<DeliveryRecord & { readonly attemptLog: readonly DeliveryAttempt[] }>>;
}
