/**
 * Sends due webhook deliveries (docs/webhooks.md): one signed POST per attempt with a
 * timeout; a 2xx response delivers; anything else is retried with exponential backoff and
 * jitter until the attempt limit, then the delivery is marked failed. Every attempt is
 * logged. What is due is decided by the injected clock, so tests run in simulated time; a
 * real timer only decides when to look again.
 */
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Clock } from './ports.js';
import { signWebhook } from './webhook-signature.js';
import type { DeliveryRecord, WebhookStore } from './webhook-ports.js';
import { pinnedLookup, WebhookTargets, type CheckedAddress } from './webhook-targets.js';

export interface WebhookWorkerOptions {
  /** Attempts before a delivery is marked failed (default 12: 7 to 15 hours of trying). */
  readonly maxAttempts?: number;
  /** Delay before the second attempt; doubled for each further one (default 30 s). */
  readonly baseDelayMs?: number;
  /** Longest delay between attempts (default 6 h). */
  readonly maxDelayMs?: number;
  /** Per attempt (default 10 s). */
  readonly timeoutMs?: number;
  /** Deliveries sent at once (default 8). */
  readonly concurrency?: number;
  /** Jitter source in [0, 1) (default Math.random). */
  readonly random?: () => number;
  /** Which addresses may be reached (default: no loopback, link-local or private network). */
  readonly targets?: WebhookTargets;
  /** How often the running worker looks for due deliveries when not woken (default 1 s). */
  readonly pollMs?: number;
}

const BATCH = 100;
/** Attempt error texts are cut to this length. */
const MAX_ERROR = 500;

export class WebhookWorker {
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #timeoutMs: number;
  readonly #concurrency: number;
  readonly #random: () => number;
  readonly #targets: WebhookTargets;
  readonly #pollMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;
  #again = false;

  constructor(private readonly deps: { webhooks: WebhookStore; clock: Clock }, options: WebhookWorkerOptions = {}) {
    this.#maxAttempts = options.maxAttempts ?? 12;
    this.#baseDelayMs = options.baseDelayMs ?? 30_000;
    this.#maxDelayMs = options.maxDelayMs ?? 6 * 3600_000;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#concurrency = options.concurrency ?? 8;
    this.#random = options.random ?? Math.random;
    this.#targets = options.targets ?? new WebhookTargets();
    this.#pollMs = options.pollMs ?? 1_000;
  }

  /**
   * The delay before attempt `attempt + 1`: base × 2^(attempt − 1), capped, with "equal
   * jitter" (half fixed, half random) so that endpoints recovering from an outage are not hit
   * by every sender at the same instant.
   */
  backoffMs(attempt: number): number {
    const delay = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (attempt - 1));
    return Math.round(delay / 2 + this.#random() * (delay / 2));
  }

  /** Sends every delivery due now (by the clock); resolves with how many attempts were made. */
  async runDue(): Promise<number> {
    let attempts = 0;
    for (;;) {
      const due = await this.deps.webhooks.dueDeliveries(this.deps.clock.now().toISOString(), BATCH);
      let next = 0;
      const lane = async () => {
        while (next < due.length) {
          const delivery = due[next++]!;
          if (await this.#attempt(delivery)) attempts++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.#concurrency, due.length) }, lane));
      if (due.length < BATCH) return attempts;
    }
  }

  /** Runs in the background until stop(): on wake(), and every pollMs. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.wake();
  }

  /** Looks for due deliveries now (after an enqueue). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#running = (async () => {
      do {
        this.#again = false;
        await this.runDue().catch(() => undefined);
      } while (this.#again && !this.#stopped);
    })().finally(() => {
      this.#running = undefined;
      if (!this.#stopped) {
        this.#timer = setTimeout(() => this.wake(), this.#pollMs);
        this.#timer.unref();
      }
    });
  }

  /** Stops looking; waits for attempts in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** One attempt, if this worker wins the claim; true if it made one. */
  async #attempt(delivery: DeliveryRecord): Promise<boolean> {
    const { webhooks, clock } = this.deps;
    const hook = await webhooks.webhook(delivery.party, delivery.webhook);
    if (!hook || delivery.nextAttemptAt === null) return false;
    const now = clock.now();
    // The claim outlives the attempt's timeout, so a crashed worker's delivery becomes due again.
    const lease = new Date(now.getTime() + 2 * this.#timeoutMs + 1_000).toISOString();
    if (!(await webhooks.claim(delivery.id, delivery.nextAttemptAt, lease))) return false;
    const timestamp = Math.floor(now.getTime() / 1000);
    const attempt = delivery.attempts + 1;
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      // Refused targets fail the attempt (logged with the reason) and are retried like any failure.
      const url = new URL(hook.url);
      const address = await this.#targets.resolve(url);
      statusCode = await post(url, address, {
        'content-type': 'application/json',
        'user-agent': 'Parley-Webhook/1',
        'parley-webhook-id': hook.id,
        'parley-delivery-id': delivery.id,
        'parley-event-type': delivery.type,
        'parley-delivery-attempt': String(attempt),
        'parley-webhook-timestamp': String(timestamp),
        'parley-signature': signWebhook(hook.secret, timestamp, delivery.payload),
      }, delivery.payload, this.#timeoutMs);
      if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
    } catch (caught) {
      error = describe(caught);
    }
    const at = now.toISOString();
    if (error === null) {
      await webhooks.recordAttempt(delivery.id, { attempt, at, statusCode, error }, { status: 'delivered', nextAttemptAt: null });
    } else if (attempt >= this.#maxAttempts) {
      await webhooks.recordAttempt(delivery.id, { attempt, at, statusCode, error }, { status: 'failed', nextAttemptAt: null });
    } else {
      const nextAttemptAt = new Date(now.getTime() + this.backoffMs(attempt)).toISOString();
      await webhooks.recordAttempt(delivery.id, { attempt, at, statusCode, error }, { status: 'pending', nextAttemptAt });
    }
    return true;
  }
}

/**
 * One POST to the checked address (the connection never resolves the name again, so DNS
 * rebinding cannot move it; TLS still verifies the URL's host name). Redirects are not
 * followed; resolves with the status code once the response head arrives.
 */
function post(url: URL, address: CheckedAddress, headers: OutgoingHttpHeaders, body: string, timeoutMs: number): Promise<number> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      lookup: pinnedLookup(address), signal: AbortSignal.timeout(timeoutMs), agent: false,
    }, (response: IncomingMessage) => {
      // The body is not read; a receiver that stalls it past the timeout must not crash the node.
      response.on('error', () => undefined);
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** A short reason without the URL (it may carry credentials): the network error's code, or its message. */
function describe(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') return (error as unknown as { code: string }).code;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const text = typeof cause?.code === 'string' ? cause.code : error instanceof Error ? (typeof cause?.message === 'string' ? cause.message : error.message) : String(error);
  return text.slice(0, MAX_ERROR);
}
