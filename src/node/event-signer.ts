/**
 * Ed25519 signing of appended events on a worker thread, so the thread that decides, chains
 * and stores events does not also spend ~45 µs per event in OpenSSL. An event's id and
 * signing input do not depend on its signature (record/event.ts `prepareEvent`), so the
 * appender goes on deciding while signatures are made, and the store waits for them only
 * when it writes the rows (src/store/event-store.ts).
 *
 * Requests go to the worker in packed, transferred batches of 8 as soon as 8 are queued, and
 * what is left when this thread next yields goes as one smaller batch. The two threads share
 * the work (docs/decisions/0017-signing-shared-with-the-worker.md): a batch is signed by
 * whichever thread claims it first in shared memory. The worker claims batches oldest first;
 * this thread, whenever it has nothing else to run (a `setImmediate` turn, after pending I/O),
 * claims the newest unclaimed batch and signs it, one batch per turn. Under an HTTP load the
 * I/O comes first and the worker signs nearly everything; with nothing else to do both
 * threads sign and meet in the middle. Each party's private KeyObject is posted to the worker
 * once. A key without a KeyObject, or a signer closed or failed, signs on this thread. The
 * worker holds the event loop open only while it has work, so an idle signer never keeps a
 * process alive.
 */
import { Worker } from 'node:worker_threads';
import type { KeyObject } from 'node:crypto';
import type { SigningKey } from '../record/index.js';

/** Claim flags of batches in flight (slot = batch id mod SLOTS): 0 unclaimed, 1 worker, 2 this thread. */
const SLOTS = 1024;
const UNCLAIMED = 0;
const BY_WORKER = 1;
const BY_THIS_THREAD = 2;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { sign } = require('node:crypto');
const claims = new Int32Array(workerData.claims);
const keys = new Map();
parentPort.on('message', (message) => {
  if (message.key) { keys.set(message.keyIndex, message.key); return; }
  // Claimed by the appending thread meanwhile: it signs this batch itself.
  if (Atomics.compareExchange(claims, message.slot, ${UNCLAIMED}, ${BY_WORKER}) !== ${UNCLAIMED}) {
    parentPort.postMessage({ id: message.id });
    return;
  }
  const data = Buffer.from(message.buffer, 0, message.length);
  const out = Buffer.allocUnsafeSlow(64 * message.count);
  let at = 0;
  for (let i = 0; i < message.count; i++) {
    const keyIndex = data.readUInt32LE(at); at += 4;
    const length = data.readUInt32LE(at); at += 4;
    sign(null, data.subarray(at, at + length), keys.get(keyIndex)).copy(out, i * 64);
    at += length;
  }
  parentPort.postMessage({ id: message.id, signatures: out.buffer }, [out.buffer]);
});
`;

/** Requests per batch sent to the worker (each message costs ~10 µs to post and answer). */
const BATCH = 8;

interface Request {
  readonly key: SigningKey;
  readonly keyIndex: number;
  readonly input: Buffer;
  readonly resolve: (signature: Buffer) => void;
  readonly reject: (error: unknown) => void;
}

interface Batch {
  readonly slot: number;
  readonly requests: Request[];
}

export class EventSigner {
  #worker: Worker | undefined;
  readonly #keyIndexes = new Map<KeyObject, number>();
  #queue: Request[] = [];
  #isScheduled = false;
  /** Batches sent and not yet answered by the worker, oldest first (ids ascend). */
  readonly #inFlight = new Map<number, Batch>();
  #nextId = 0;
  readonly #claims = new Int32Array(new SharedArrayBuffer(4 * SLOTS));
  /** Once closed or failed, everything signs on this thread. */
  #isOff = false;
  /** Signatures made so far by the worker and on this thread. */
  readonly #made = { worker: 0, here: 0 };

  /** How many signatures the worker and this thread have made (the share is in docs/performance.md). */
  get made(): { readonly worker: number; readonly here: number } {
    return { ...this.#made };
  }

  /** The Ed25519 signature of `input` by `key`. */
  sign(key: SigningKey, input: Buffer): Promise<Buffer> {
    if (this.#isOff || key.privateKey === undefined) {
      this.#made.here++;
      return Promise.resolve(key.sign(input));
    }
    const keyIndex = this.#keyIndex(key.privateKey);
    return new Promise<Buffer>((resolve, reject) => {
      this.#queue.push({ key, keyIndex, input, resolve, reject });
      // A group commit's decisions run without yielding to the event loop: full batches go to
      // the worker while the group goes on; the rest, and this thread's share, when it yields.
      if (this.#queue.length >= BATCH) this.#dispatch();
      this.#schedule();
    });
  }

  /**
   * Stops the worker. Requests still waiting are rejected (the appender's transaction then rolls
   * back); requests made afterwards are signed on this thread.
   */
  async close(): Promise<void> {
    this.#isOff = true;
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
    this.#failAll(new Error('event signer closed'));
  }

  #keyIndex(key: KeyObject): number {
    let index = this.#keyIndexes.get(key);
    if (index === undefined) {
      index = this.#keyIndexes.size;
      this.#keyIndexes.set(key, index);
      this.#workerFor().postMessage({ key, keyIndex: index });
    }
    return index;
  }

  #workerFor(): Worker {
    if (this.#worker === undefined) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { claims: this.#claims.buffer } });
      worker.unref();
      worker.on('message', ({ id, signatures }: { id: number; signatures?: ArrayBuffer }) => {
        const batch = this.#inFlight.get(id);
        this.#inFlight.delete(id);
        // Only the current worker: one being terminated must stay referenced until it has
        // exited, or the process could end while close() is still awaited.
        if (this.#inFlight.size === 0 && this.#worker === worker) worker.unref();
        // Without signatures the batch was claimed, and is signed, on this thread.
        if (!batch || !signatures) return;
        this.#made.worker += batch.requests.length;
        batch.requests.forEach((request, i) => request.resolve(Buffer.from(signatures, i * 64, 64)));
      });
      worker.on('error', (error) => {
        this.#isOff = true;
        this.#worker = undefined;
        this.#failAll(error);
      });
      this.#worker = worker;
    }
    return this.#worker;
  }

  #schedule(): void {
    if (this.#isScheduled) return;
    this.#isScheduled = true;
    setImmediate(() => this.#turn());
  }

  /**
   * This thread's turn, when it has run what was pending: the queued rest goes to the worker
   * and this thread signs the newest batch nobody has claimed; another turn follows while
   * unclaimed batches remain, so I/O that arrives meanwhile runs in between.
   */
  #turn(): void {
    this.#isScheduled = false;
    this.#dispatch();
    const ids = [...this.#inFlight.keys()];
    for (let i = ids.length - 1; i >= 0; i--) {
      const batch = this.#inFlight.get(ids[i]!)!;
      const claim = Atomics.compareExchange(this.#claims, batch.slot, UNCLAIMED, BY_THIS_THREAD);
      // The worker claims in order: a batch it holds means it holds every older one too.
      if (claim === BY_WORKER) return;
      if (claim === UNCLAIMED) {
        this.#signHere(batch.requests);
        if (i > 0) this.#schedule();
        return;
      }
    }
  }

  #signHere(requests: readonly Request[]): void {
    this.#made.here += requests.length;
    for (const request of requests) {
      try {
        request.resolve(request.key.sign(request.input));
      } catch (error) {
        request.reject(error);
      }
    }
  }

  /** Sends the oldest (up to BATCH) queued requests to the worker as one batch. */
  #dispatch(): void {
    const requests = this.#queue.splice(0, BATCH);
    if (requests.length === 0) return;
    if (this.#isOff) {
      this.#failAll(new Error('event signer closed'), requests);
      return;
    }
    // Every slot taken by unanswered batches (the worker answers in order): sign here.
    if (this.#inFlight.size >= SLOTS) {
      this.#signHere(requests);
      return;
    }
    let bytes = 0;
    for (const request of requests) bytes += 8 + request.input.length;
    const buffer = Buffer.allocUnsafeSlow(bytes);
    let at = 0;
    for (const request of requests) {
      at = buffer.writeUInt32LE(request.keyIndex, at);
      at = buffer.writeUInt32LE(request.input.length, at);
      at += request.input.copy(buffer, at);
    }
    const id = this.#nextId++;
    const slot = id % SLOTS;
    Atomics.store(this.#claims, slot, UNCLAIMED);
    this.#inFlight.set(id, { slot, requests });
    const worker = this.#workerFor();
    worker.ref();
    const transferred = buffer.buffer as ArrayBuffer;
    worker.postMessage({ id, slot, buffer: transferred, length: at, count: requests.length }, [transferred]);
  }

  /**
   * The worker is gone: its requests (and any given) are rejected — the appender's
   * transaction then rolls back, so nothing half-signed is ever stored. (Requests this thread
   * already signed stay resolved.)
   */
  #failAll(error: unknown, extra: readonly Request[] = []): void {
    const requests = [...[...this.#inFlight.values()].flatMap((batch) => batch.requests), ...this.#queue, ...extra];
    this.#inFlight.clear();
    this.#queue = [];
    for (const request of requests) request.reject(error);
  }
}
