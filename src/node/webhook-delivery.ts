/**
 * Outbound webhooks as one service that starts and stops with the HTTP server: the outbox
 * (committed events and private notices → deliveries) and the worker (deliveries → signed
 * POSTs), plus a periodic catch-up for events committed by other processes on a shared
 * database, which this process's bus never sees.
 */
import type { LiveBus } from './live.js';
import type { Clock, Store } from './ports.js';
import { WebhookOutbox } from './webhook-outbox.js';
import { WebhookWorker, type WebhookWorkerOptions } from './webhook-worker.js';

export interface WebhookDeliveryOptions extends WebhookWorkerOptions {
  /** How often every dialogue is caught up without a bus notice (default 30 s). */
  readonly catchUpMs?: number;
}

export class WebhookDelivery {
  readonly worker: WebhookWorker;
  readonly outbox: WebhookOutbox;
  readonly #catchUpMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(deps: { store: Store; live: LiveBus; clock: Clock }, options: WebhookDeliveryOptions = {}) {
    this.worker = new WebhookWorker({ webhooks: deps.store.webhooks, clock: deps.clock }, options);
    this.outbox = new WebhookOutbox({ ...deps, onEnqueued: () => this.worker.wake() });
    this.#catchUpMs = options.catchUpMs ?? 30_000;
  }

  async start(): Promise<void> {
    await this.outbox.start();
    this.worker.start();
    this.#timer = setInterval(() => void this.outbox.catchUpAll().catch(() => undefined), this.#catchUpMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.outbox.stop();
    await this.outbox.idle();
    await this.worker.stop();
  }
}
