/**
 * Ed25519 signing of appended events on a worker thread, so the thread that decides, chains
 * and stores events does not also spend ~30 µs per event in OpenSSL. An event's id and
 * signing input do not depend on its signature (record/event.ts `prepareEvent`), so the
 * appender goes on deciding while signatures are made, and the store waits for them only
 * when it writes the rows (src/store/event-store.ts).
 *
 * Requests go to the worker in packed, transferred batches of 8 while it keeps up (at most 2
 * batches unsigned); whatever is still queued when the thread next yields — which is when
 * the store waits for the signatures — is signed on this thread meanwhile, so neither side
 * idles long. Each party's private KeyObject is posted to the worker once. A key without a
 * KeyObject, or a signer closed or failed, signs on this thread. The worker holds the event
 * loop open only while it has work, so an idle signer never keeps a process alive.
 */
import { Worker } from 'node:worker_threads';
import type { KeyObject } from 'node:crypto';
import type { SigningKey } from '../record/index.js';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { sign } = require('node:crypto');
const done = new Int32Array(workerData.done);
const keys = new Map();
parentPort.on('message', (message) => {
  if (message.key) { keys.set(message.keyIndex, message.key); return; }
  const data = Buffer.from(message.buffer, 0, message.length);
  const out = Buffer.allocUnsafeSlow(64 * message.count);
  let at = 0;
  for (let i = 0; i < message.count; i++) {
    const keyIndex = data.readUInt32LE(at); at += 4;
    const length = data.readUInt32LE(at); at += 4;
    sign(null, data.subarray(at, at + length), keys.get(keyIndex)).copy(out, i * 64);
    at += length;
  }
  // Readable by the appending thread at once, without waiting for it to read this answer.
  Atomics.add(done, 0, 1);
  parentPort.postMessage({ id: message.id, signatures: out.buffer }, [out.buffer]);
});
`;

/** Requests sent to the worker as soon as this many are queued (each message costs ~10 µs to post). */
const BATCH = 8;

/** Batches sent and not yet signed beyond which requests wait on this thread's queue. */
const MAX_AHEAD = 2;

interface Request {
  readonly key: SigningKey;
  readonly keyIndex: number;
  readonly input: Buffer;
  readonly resolve: (signature: Buffer) => void;
  readonly reject: (error: unknown) => void;
}

export class EventSigner {
  #worker: Worker | undefined;
  readonly #keyIndexes = new Map<KeyObject, number>();
  #queue: Request[] = [];
  #isScheduled = false;
  readonly #inFlight = new Map<number, Request[]>();
  #nextId = 0;
  /** Batches the worker has signed (it counts them in shared memory); `#nextId` counts those sent. */
  readonly #done = new Int32Array(new SharedArrayBuffer(4));
  /** Once closed or failed, everything signs on this thread. */
  #isOff = false;

  /** The Ed25519 signature of `input` by `key`. */
  sign(key: SigningKey, input: Buffer): Promise<Buffer> {
    if (this.#isOff || key.privateKey === undefined) return Promise.resolve(key.sign(input));
    const keyIndex = this.#keyIndex(key.privateKey);
    return new Promise<Buffer>((resolve, reject) => {
      this.#queue.push({ key, keyIndex, input, resolve, reject });
      // A group commit's decisions run without yielding to the event loop: full batches go to
      // the worker while the group goes on, as long as it keeps up (it counts the batches it
      // signed in shared memory, readable here at once). What is left when the thread next
      // yields — when the store waits for these signatures — is signed here meanwhile.
      if (this.#queue.length >= BATCH && this.#nextId - Atomics.load(this.#done, 0) < MAX_AHEAD) this.#dispatch();
      else if (!this.#isScheduled) {
        this.#isScheduled = true;
        setImmediate(() => this.#signRestHere());
      }
    });
  }

  /** Stops the worker; signatures still waiting are made on this thread. */
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
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { done: this.#done.buffer } });
      worker.unref();
      worker.on('message', ({ id, signatures }: { id: number; signatures: ArrayBuffer }) => {
        const requests = this.#inFlight.get(id);
        this.#inFlight.delete(id);
        if (this.#inFlight.size === 0) worker.unref();
        requests?.forEach((request, i) => request.resolve(Buffer.from(signatures, i * 64, 64)));
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

  /** Signs the queued requests on this thread (the worker is busy with what it was sent). */
  #signRestHere(): void {
    this.#isScheduled = false;
    const requests = this.#queue;
    this.#queue = [];
    for (const request of requests) {
      try {
        request.resolve(request.key.sign(request.input));
      } catch (error) {
        request.reject(error);
      }
    }
  }

  /** Sends the oldest batch of queued requests to the worker. */
  #dispatch(): void {
    const requests = this.#queue.splice(0, BATCH);
    if (requests.length === 0) return;
    if (this.#isOff) {
      this.#failAll(new Error('event signer closed'), requests);
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
    this.#inFlight.set(id, requests);
    const worker = this.#workerFor();
    worker.ref();
    const transferred = buffer.buffer as ArrayBuffer;
    worker.postMessage({ id, buffer: transferred, length: at, count: requests.length }, [transferred]);
  }

  /**
   * The worker is gone: its requests (and any given) are rejected — the appender's
   * transaction then rolls back, so nothing half-signed is ever stored.
   */
  #failAll(error: unknown, extra: readonly Request[] = []): void {
    const requests = [...[...this.#inFlight.values()].flat(), ...this.#queue, ...extra];
    this.#inFlight.clear();
    this.#queue = [];
    for (const request of requests) request.reject(error);
  }
}
