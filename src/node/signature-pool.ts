/**
 * Ed25519 verification on worker threads, so `parley verify` uses every core. Tasks are
 * packed into one transferable buffer per batch; each worker caches a KeyObject per public
 * key (a dialogue has few). The worker is a small inline script using only node:crypto,
 * so it needs no TypeScript loader.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SignatureTask } from '../record/index.js';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const keys = new Map();
parentPort.on('message', ({ id, buffer, count, length }) => {
  const data = Buffer.from(buffer, 0, length);
  const failed = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const index = data.readUInt32LE(at); at += 4;
    const pub = data.subarray(at, at + 32); at += 32;
    const sig = data.subarray(at, at + 64); at += 64;
    const len = data.readUInt32LE(at); at += 4;
    const message = data.subarray(at, at + len); at += len;
    const hex = pub.toString('latin1');
    let key = keys.get(hex);
    if (!key) { key = createPublicKey({ key: Buffer.concat([SPKI, pub]), format: 'der', type: 'spki' }); keys.set(hex, key); }
    if (!verify(null, message, key, sig)) failed.push(index);
  }
  parentPort.postMessage({ id, failed });
});
`;

const BATCH = 256;

/** Verifies signature tasks in parallel; `drain()` resolves with the tasks that failed. */
export class SignaturePool {
  private readonly workers: Worker[];
  private readonly idle: Worker[];
  private readonly waiting: Array<() => void> = [];
  private readonly inFlight = new Map<number, { tasks: SignatureTask[]; done: (failed: number[]) => void }>();
  private batch: SignatureTask[] = [];
  private batchBytes = 0;
  private nextId = 0;
  private readonly failures: SignatureTask[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(threads = Math.max(1, availableParallelism())) {
    this.workers = Array.from({ length: threads }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.on('message', ({ id, failed }: { id: number; failed: number[] }) => {
        const job = this.inFlight.get(id);
        this.inFlight.delete(id);
        this.release(worker);
        job?.done(failed);
      });
      return worker;
    });
    this.idle = [...this.workers];
  }

  /**
   * Queues a task. Returns a promise (resolved once the batch is handed to a worker) only
   * when a full batch must wait for a worker: back-pressure without a promise per task.
   */
  add(task: SignatureTask): Promise<void> | undefined {
    this.batch.push(task);
    this.batchBytes += 104 + task.message.length;
    return this.batch.length >= BATCH ? this.flush() : undefined;
  }

  /** Waits for every queued task; returns the failed ones in log order. */
  async drain(): Promise<SignatureTask[]> {
    await this.flush();
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    return [...this.failures].sort((a, b) => a.index - b.index);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** Packs the batch and posts it to an idle worker, waiting for one only if none is idle. */
  private flush(): Promise<void> | undefined {
    if (this.batch.length === 0) return undefined;
    const tasks = this.batch;
    const buffer = Buffer.allocUnsafeSlow(this.batchBytes);
    this.batch = [];
    this.batchBytes = 0;
    let at = 0;
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[i]!;
      at = buffer.writeUInt32LE(i, at);
      at += task.publicKey.copy(buffer, at);
      buffer.fill(0, at, at + 64);
      task.signature.copy(buffer, at, 0, Math.min(64, task.signature.length));
      at += 64; // a signature of another length fails: the zero padding never verifies
      at = buffer.writeUInt32LE(task.message.length, at);
      at += task.message.copy(buffer, at);
    }
    const worker = this.idle.pop();
    if (worker) {
      this.post(worker, tasks, buffer, at);
      return undefined;
    }
    return new Promise<void>((resolve) => this.waiting.push(() => {
      this.post(this.idle.pop()!, tasks, buffer, at);
      resolve();
    }));
  }

  private post(worker: Worker, tasks: SignatureTask[], buffer: Buffer, length: number): void {
    const id = this.nextId++;
    const settled = new Promise<void>((resolve) => {
      this.inFlight.set(id, {
        tasks,
        done: (failed) => {
          for (const i of failed) this.failures.push(tasks[i]!);
          resolve();
        },
      });
    });
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
    // The buffer is its own ArrayBuffer (allocUnsafeSlow): transferred, not copied.
    const transferred = buffer.buffer as ArrayBuffer;
    worker.postMessage({ id, buffer: transferred, count: tasks.length, length }, [transferred]);
  }

  private release(worker: Worker): void {
    this.idle.push(worker);
    this.waiting.shift()?.();
  }
}
