/**
 * Turns what happens into webhook deliveries (docs/decisions/0010-webhook-delivery.md).
 *
 * Shared-record events are read from the RECORD, not taken from the bus: each dialogue has a
 * durable cursor (the next log index not yet enqueued), and one transaction inserts the
 * deliveries of a page of events and moves the cursor past them. A crash before that commit
 * leaves the cursor where it was, so the events are enqueued after the restart; a crash after
 * it has them in the outbox already. The live bus only says "look now"; a periodic catch-up
 * covers events committed by other processes.
 *
 * Private notices are not on the record: their publisher enqueues their deliveries with
 * `enqueueNotice` inside the transaction that commits what they announce (an escalation
 * step), so an acknowledged notice is never lost; on the bus they only wake the worker.
 */
import { randomUUID } from 'node:crypto';
import type { DialogueId } from '../record/index.js';
import type { LiveBus, LiveNotice } from './live.js';
import { matchesTypes, presentEvent, presentNotice } from './live-presentation.js';
import type { Clock, DialogueRecord, Store } from './ports.js';
import type { NewDelivery, WebhookStore } from './webhook-ports.js';

/** Events read and enqueued per transaction. */
const PAGE = 500;

interface DialogueRun {
  running: Promise<void> | undefined;
  again: boolean;
}

export class WebhookOutbox {
  readonly #runs = new Map<DialogueId, DialogueRun>();
  /** Dialogue records never change once created. */
  readonly #dialogues = new Map<DialogueId, DialogueRecord>();
  #unsubscribe: (() => void) | undefined;
  /** The last failure, for diagnostics (the next catch-up retries). */
  lastError: unknown;

  constructor(private readonly deps: { store: Store; live: LiveBus; clock: Clock; onEnqueued?: () => void }) {}

  /** Subscribes to the bus and catches up every dialogue (what fell due while the node was down). */
  async start(): Promise<void> {
    this.#unsubscribe ??= this.deps.live.subscribe((notice) => this.#onNotice(notice));
    await this.catchUpAll();
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  async catchUpAll(): Promise<void> {
    for (const dialogue of await this.deps.store.dialogues()) await this.catchUp(dialogue.id);
  }

  /** Enqueues the dialogue's events after its cursor; concurrent calls coalesce into one more run. */
  catchUp(dialogue: DialogueId): Promise<void> {
    let run = this.#runs.get(dialogue);
    if (!run) {
      run = { running: undefined, again: false };
      this.#runs.set(dialogue, run);
    }
    if (run.running) {
      run.again = true;
      return run.running;
    }
    const current = run;
    current.running = (async () => {
      do {
        current.again = false;
        try {
          await this.#enqueueEvents(dialogue);
        } catch (error) {
          this.lastError = error;
        }
      } while (current.again);
    })().finally(() => { current.running = undefined; });
    return current.running;
  }

  /** Resolves once every catch-up started so far has finished. */
  async idle(): Promise<void> {
    while ([...this.#runs.values()].some((run) => run.running)) {
      await Promise.all([...this.#runs.values()].map((run) => run.running));
    }
  }

  #onNotice(notice: LiveNotice): void {
    // A private notice's deliveries were enqueued with its commit: only wake the worker.
    if (notice.kind === 'event') void this.catchUp(notice.dialogue);
    else this.deps.onEnqueued?.();
  }

  async #enqueueEvents(dialogue: DialogueId): Promise<void> {
    const { store } = this.deps;
    const record = this.#dialogues.get(dialogue) ?? await store.dialogue(dialogue);
    if (!record) return;
    this.#dialogues.set(dialogue, record);
    // Nothing is owed while no endpoint of the dialogue's parties is enabled; enabling one
    // moves the cursor to the end of the log first (SqlWebhookStore), so history is not sent.
    if ((await store.webhooks.enabledWebhooks(record.parties)).length === 0) return;
    let cursor = await store.webhooks.cursor(dialogue);
    if (cursor === undefined) {
      // Enabling an endpoint gives each of its party's dialogues a cursor at the end of its
      // log, so a dialogue without one was opened after that: everything in it is owed,
      // also when it was opened while this node's delivery was down.
      cursor = (await store.webhooks.enqueueEvents(dialogue, undefined, 0, [])) ? 0 : await store.webhooks.cursor(dialogue);
      if (cursor === undefined) return;
    }
    for (;;) {
      const hooks = await store.webhooks.enabledWebhooks(record.parties);
      const page = await store.events(dialogue, cursor, PAGE);
      if (page.length === 0) return;
      const createdAt = this.deps.clock.now().toISOString();
      const deliveries: NewDelivery[] = [];
      for (const stored of page) {
        const matching = hooks.filter((hook) => matchesTypes(stored.event.type, hook.types));
        if (matching.length === 0) continue;
        const payload = JSON.stringify(presentEvent(stored));
        for (const hook of matching) {
          deliveries.push({
            id: randomUUID(), webhook: hook.id, party: hook.party, eventKey: `event:${dialogue}:${stored.index}`,
            dialogue, type: stored.event.type, payload, createdAt,
          });
        }
      }
      const next = page[page.length - 1]!.index + 1;
      if (!(await store.webhooks.enqueueEvents(dialogue, cursor, next, deliveries))) {
        // Another process moved the cursor: continue from where it is now.
        const moved = await store.webhooks.cursor(dialogue);
        if (moved === undefined || moved <= cursor) return;
        cursor = moved;
        continue;
      }
      cursor = next;
      if (deliveries.length > 0) this.deps.onEnqueued?.();
      if (page.length < PAGE) return;
    }
  }
}

/**
 * Enqueues a private notice for its own party's enabled endpoints (never another party's),
 * under `key` (unique per endpoint, so a repeat is skipped). Called inside the publisher's
 * transaction, it commits or rolls back with what the notice announces. True if any matched.
 */
export async function enqueueNotice(webhooks: WebhookStore, notice: Extract<LiveNotice, { kind: 'private' }>, key: string, createdAt: string): Promise<boolean> {
  const hooks = (await webhooks.enabledWebhooks([notice.party]))
    .filter((hook) => hook.party === notice.party && matchesTypes(notice.type, hook.types));
  if (hooks.length === 0) return false;
  const payload = JSON.stringify(presentNotice(notice));
  await webhooks.enqueue(hooks.map((hook) => ({
    id: randomUUID(), webhook: hook.id, party: hook.party, eventKey: key, dialogue: notice.dialogue, type: notice.type, payload, createdAt,
  })));
  return true;
}
