/**
 * One Server-Sent Events stream of a dialogue for one member (docs/live-delivery.md).
 *
 * Resume without loss or duplicate: the stream subscribes to the live bus FIRST (buffering),
 * then replays the record from the store after the client's last index, then drains the
 * buffer, skipping every index already sent. A live event that arrives with a gap before it
 * (an event committed by another process on a shared PostgreSQL, never published here) is
 * preceded by a read of the gap from the store, so the client sees every index in order.
 *
 * Shared-record events carry `id: <log index>`; private notices carry no `id:` (the
 * EventSource keeps the last id it had), so they never move the resume point.
 */
import type { ServerResponse } from 'node:http';
import type { LiveBus, LiveNotice } from '../node/live.js';
import { matchesTypes, presentEvent, presentNotice } from '../node/live-presentation.js';
import type { Store, StoredEvent } from '../node/ports.js';
import type { DialogueId, PartyId } from '../record/index.js';

/** Events read from the store per page while replaying. */
const REPLAY_PAGE = 500;
/** A client this far behind (bytes queued in the socket) is cut off; it resumes with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Live notices queued while a replay runs; beyond this the stream closes (the client resumes). */
const MAX_QUEUED_NOTICES = 10_000;
/** What an EventSource waits before reconnecting (the SSE `retry:` field). */
const RETRY_MS = 2_000;

export interface EventStreamOptions {
  readonly store: Store;
  readonly live: LiveBus;
  readonly dialogue: DialogueId;
  /** The member's party: the only party whose private notices this stream carries. */
  readonly party: PartyId;
  /** Type prefixes to send (empty: all). Skipped events still advance the resume point. */
  readonly types: readonly string[];
  /** Comment line every so many ms, so proxies and clients see the connection alive. */
  readonly heartbeatMs: number;
  /** Whether the member may receive this private notice of their party (canSeePrivateNotice). */
  readonly seesPrivate: (notice: { readonly type: string; readonly data: unknown }) => boolean;
  /**
   * Whether the member's credential still stands, asked at every heartbeat (and by the route
   * when a credential ends): a stream whose session ended, token was revoked or member's
   * roles changed closes; its client reconnects, and is authenticated again.
   */
  readonly stillAuthorized: () => Promise<boolean>;
}

export class DialogueEventStream {
  #res: ServerResponse | undefined;
  #last = -1;
  #queue: LiveNotice[] = [];
  #pumping = true;
  #closed = false;
  #heartbeat: NodeJS.Timeout | undefined;
  readonly #unsubscribe: () => void;
  readonly #closeListeners: Array<() => void> = [];

  /** Subscribes at once, so nothing published from here on can be missed. */
  constructor(private readonly options: EventStreamOptions) {
    this.#unsubscribe = options.live.subscribe((notice) => this.#onNotice(notice));
  }

  /**
   * The index the stream resumes after: `after` as given, or the end of the log for a
   * client without a resume point (it sees what happens from now on). Read after
   * subscribing, so an event committed in between is either replayed or buffered.
   */
  async resumePoint(after: number | undefined): Promise<{ after: number; size: number }> {
    const { size } = await this.options.store.log(this.options.dialogue);
    return { after: after ?? size - 1, size };
  }

  /** Takes over the response: headers, replay after `after`, then live notices until closed. */
  async start(res: ServerResponse, after: number): Promise<void> {
    this.#res = res;
    this.#last = after;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tells nginx-like proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.on('close', () => this.close());
    // Flushes the headers at once and tells the client how soon to reconnect.
    this.#write(`retry: ${RETRY_MS}\n: stream of ${this.options.dialogue} after ${after}\n\n`);
    this.#heartbeat = setInterval(() => {
      void this.#beat();
    }, this.options.heartbeatMs);
    this.#heartbeat.unref();
    try {
      await this.#replay(Number.POSITIVE_INFINITY);
    } finally {
      this.#pumping = false;
    }
    await this.#pump();
  }

  /** Ends the stream (client gone, server closing, or a client too slow); idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#queue = [];
    if (this.#res && !this.#res.writableEnded) this.#res.end();
    for (const listener of this.#closeListeners) listener();
  }

  onClose(listener: () => void): void {
    this.#closeListeners.push(listener);
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** Closes the stream unless the member's credential still stands. */
  async recheck(): Promise<void> {
    if (this.#closed) return;
    const stands = await this.options.stillAuthorized().catch(() => false);
    if (!stands) this.close();
  }

  async #beat(): Promise<void> {
    await this.recheck();
    this.#write(': heartbeat\n\n');
    await this.#poll();
  }

  #onNotice(notice: LiveNotice): void {
    if (this.#closed || notice.dialogue !== this.options.dialogue) return;
    if (notice.kind === 'private' && (notice.party !== this.options.party || !this.options.seesPrivate(notice))) return;
    this.#queue.push(notice);
    if (this.#queue.length > MAX_QUEUED_NOTICES) {
      this.close();
      return;
    }
    void this.#pump();
  }

  /** Sends queued notices in order; one pump at a time (the replay counts as one). */
  async #pump(): Promise<void> {
    if (this.#pumping || this.#closed || !this.#res) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const notice = this.#queue.shift()!;
        if (notice.kind === 'private') {
          if (matchesTypes(notice.type, this.options.types)) this.#write(`event: private\ndata: ${JSON.stringify(presentNotice(notice))}\n\n`);
          continue;
        }
        const { index } = notice.event;
        if (index <= this.#last) continue;
        if (index > this.#last + 1) await this.#replay(index);
        if (index === this.#last + 1) this.#send(notice.event);
      }
    } catch {
      this.close();
    } finally {
      this.#pumping = false;
    }
  }

  /**
   * Reads the store for events this process never published (appended by another process on
   * a shared PostgreSQL while nothing was committed here), so they arrive within one
   * heartbeat interval even when no local event triggers a gap fill.
   */
  async #poll(): Promise<void> {
    if (this.#pumping || this.#closed || !this.#res) return;
    this.#pumping = true;
    try {
      await this.#replay(Number.POSITIVE_INFINITY);
    } catch {
      this.close();
    } finally {
      this.#pumping = false;
    }
    await this.#pump();
  }

  /** Sends the stored events after the last one sent and before `until`, waiting for a slow socket. */
  async #replay(until: number): Promise<void> {
    while (!this.#closed && this.#last + 1 < until) {
      const from = this.#last + 1;
      const limit = Math.min(REPLAY_PAGE, until - from);
      const page = await this.options.store.events(this.options.dialogue, from, limit);
      for (const stored of page) if (stored.index === this.#last + 1) this.#send(stored);
      if (page.length < limit) return;
      await this.#drained();
    }
  }

  #send(stored: StoredEvent): void {
    this.#last = stored.index;
    if (!matchesTypes(stored.event.type, this.options.types)) return;
    this.#write(`id: ${stored.index}\nevent: ${stored.event.type}\ndata: ${JSON.stringify(presentEvent(stored))}\n\n`);
  }

  #write(chunk: string): void {
    const res = this.#res;
    if (this.#closed || !res) return;
    res.write(chunk);
    if (res.writableLength > MAX_BUFFERED_BYTES) this.close();
  }

  async #drained(): Promise<void> {
    const res = this.#res;
    if (!res || this.#closed || !res.writableNeedDrain) return;
    await new Promise<void>((resolve) => {
      const done = () => { res.off('drain', done); res.off('close', done); resolve(); };
      res.once('drain', done);
      res.once('close', done);
    });
  }
}
