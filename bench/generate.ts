/**
 * Builds a large dialogue fast and correctly, for the verify, proof and memory figures.
 *
 * A fresh node gets the demo scenario (`initNode` + `applyScenario`: real parties, keys,
 * `dialogue.opened`/`joined`), then message events by the two parties alternately with real
 * chain fields (`nextChainFields`), built here and appended with
 * `store.withDialogue(d, tx => tx.append(batch))` in batches of 5,000 (at 1,000 per transaction
 * the commits of random-keyed index pages made generation slow down to ~1,000 events/s by 60k
 * events here; 5,000 held ~2,000/s to 300k). Only the Ed25519
 * signing runs on worker threads: an event's id is the hash of its signing input, so the
 * chain (seq/prev/seen) is built ahead on this thread while workers sign earlier batches.
 * The party keys are read from the node's key files (`keys/party-<id>.key`, base64 seeds).
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import type { NodeContext } from '../src/app/node-context.js';
import {
  bodyHashOf, nextChainFields, sha256, signEvent, signingInput, signingKeyFromSeed,
  type ChainHead, type DialogueId, type EventHeader, type EventId, type JsonObject, type MemberId,
  type PartyId, type SignedEvent,
} from '../src/record/index.js';
import { freshDemoNode } from '../src/app/testing/demo-node.js';
import { eventTime, messageBody } from './events.js';
import { progress, rate } from './stats.js';

/** Events per append transaction (`BENCH_GENERATE_BATCH`). */
const BATCH = Number(process.env.BENCH_GENERATE_BATCH ?? 5_000);
const PARTIES = ['aurelia', 'boreas'] as PartyId[];
const MEMBERS = ['aurelia-delegate', 'boreas-delegate'] as MemberId[];

const SIGN_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createPrivateKey, sign } = require('node:crypto');
const PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');
const keys = workerData.seeds.map((s) => createPrivateKey({ key: Buffer.concat([PKCS8, Buffer.from(s)]), format: 'der', type: 'pkcs8' }));
parentPort.on('message', ({ id, buffer, count }) => {
  const data = Buffer.from(buffer);
  const out = Buffer.allocUnsafe(count * 64);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const key = data[at]; at += 1;
    const len = data.readUInt32LE(at); at += 4;
    sign(null, data.subarray(at, at + len), keys[key]).copy(out, i * 64);
    at += len;
  }
  const ab = out.buffer.slice(out.byteOffset, out.byteOffset + out.length);
  parentPort.postMessage({ id, buffer: ab }, [ab]);
});
`;

/** Signs batches of signing inputs on worker threads (round-robin). */
class SignerPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, (sigs: Buffer) => void>();
  private nextId = 0;

  constructor(seeds: Buffer[], threads: number) {
    this.workers = Array.from({ length: threads }, () => {
      const worker = new Worker(SIGN_WORKER, { eval: true, workerData: { seeds } });
      worker.on('message', ({ id, buffer }: { id: number; buffer: ArrayBuffer }) => {
        this.waiting.get(id)?.(Buffer.from(buffer));
        this.waiting.delete(id);
      });
      return worker;
    });
  }

  sign(items: readonly { key: number; input: Buffer }[]): Promise<Buffer> {
    const size = items.reduce((n, item) => n + 5 + item.input.length, 0);
    const buffer = Buffer.allocUnsafe(size);
    let at = 0;
    for (const { key, input } of items) {
      at = buffer.writeUInt8(key, at);
      at = buffer.writeUInt32LE(input.length, at);
      at += input.copy(buffer, at);
    }
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length]!;
    return new Promise<Buffer>((resolve) => {
      this.waiting.set(id, resolve);
      const ab = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + at);
      worker.postMessage({ id, buffer: ab, count: items.length }, [ab]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

interface Unsigned {
  readonly header: EventHeader;
  readonly body: JsonObject;
  readonly bodyHash: string;
  readonly id: EventId;
  readonly key: number;
  readonly input: Buffer;
}

export interface GeneratedDialogue {
  readonly ctx: NodeContext;
  readonly dialogue: DialogueId;
  readonly events: number;
  /** Events/s of the generation (informational). */
  readonly perSecond: number;
}

/** The party seeds from the node's key files, checked against the registered public keys. */
async function partySeeds(ctx: NodeContext): Promise<Buffer[]> {
  const seeds: Buffer[] = [];
  for (const party of PARTIES) {
    const seed = Buffer.from(readFileSync(join(ctx.dataDir, 'keys', `party-${party}.key`), 'utf8').trim(), 'base64');
    const record = await ctx.store.party(party);
    if (!record || !signingKeyFromSeed(seed).publicKey.equals(record.publicKey)) {
      throw new Error(`generator: the key file of ${party} does not hold its registered key`);
    }
    seeds.push(seed);
  }
  return seeds;
}

/**
 * A dialogue of exactly `events` events in a fresh node under `dir`. `onSize(size)` runs when
 * the log reaches each of `stops` (all appends so far committed), e.g. to export a transcript.
 */
export async function generateDialogue(options: {
  dir: string; events: number; stops?: readonly number[]; onSize?: (size: number, ctx: NodeContext, dialogue: DialogueId) => Promise<void>;
}): Promise<GeneratedDialogue> {
  const { ctx, dialogue } = await freshDemoNode(options.dir);
  const seeds = await partySeeds(ctx);
  const keys = seeds.map((s) => signingKeyFromSeed(s));
  const heads = new Map<PartyId, ChainHead>(await ctx.store.withDialogue(dialogue, (tx) => tx.heads()));
  let size = (await ctx.store.log(dialogue)).size;
  if (size > options.events) throw new Error(`generator: the scenario alone holds ${size} events, more than ${options.events}`);
  const stops = [...new Set([...(options.stops ?? []), options.events])].filter((s) => s > size).sort((a, b) => a - b);
  const threads = cpus().length;
  const pool = new SignerPool(seeds, threads);
  const inFlight: Array<{ items: Unsigned[]; sigs: Promise<Buffer> }> = [];
  let built = size;
  let isChecked = false;
  const start = performance.now();
  let lastReport = start;
  let outsideMs = 0;

  const appendOldest = async (): Promise<void> => {
    const batch = inFlight.shift()!;
    const sigs = await batch.sigs;
    const signed = batch.items.map((u, i) => ({
      id: u.id,
      event: { ...u.header, bodyHash: u.bodyHash, sig: sigs.subarray(i * 64, i * 64 + 64).toString('base64'), body: u.body } as SignedEvent,
    }));
    if (!isChecked) {
      // The worker's signature must be exactly what signEvent makes (Ed25519 is deterministic).
      const first = batch.items[0]!;
      const reference = signEvent(first.header, first.body, keys[first.key]!);
      if (reference.id !== signed[0]!.id || reference.event.sig !== signed[0]!.event.sig) {
        throw new Error('generator: worker-signed event differs from signEvent');
      }
      isChecked = true;
    }
    await ctx.store.withDialogue(dialogue, (tx) => tx.append(signed));
    size += signed.length;
    const now = performance.now();
    if (now - lastReport > 10_000) {
      progress(`generated ${size.toLocaleString('en-US')} / ${options.events.toLocaleString('en-US')} events`);
      lastReport = now;
    }
  };

  try {
    for (const stop of stops) {
      while (built < stop) {
        const count = Math.min(BATCH, stop - built);
        const items: Unsigned[] = [];
        for (let i = 0; i < count; i++, built++) {
          const p = built % 2;
          const party = PARTIES[p]!;
          const header: EventHeader = {
            v: 1, dialogue, party, member: MEMBERS[p]!, ...nextChainFields(party, heads), time: eventTime(built), type: 'message.posted',
          };
          const body = messageBody(built);
          const bodyHash = bodyHashOf(body);
          const input = signingInput({ ...header, bodyHash });
          const id = sha256(input).toString('hex') as EventId;
          heads.set(party, { seq: header.seq, id });
          items.push({ header, body, bodyHash, id, key: p, input });
        }
        inFlight.push({ items, sigs: pool.sign(items) });
        if (inFlight.length > threads) await appendOldest();
      }
      while (inFlight.length > 0) await appendOldest();
      if (size !== stop) throw new Error(`generator: log holds ${size} events, expected ${stop}`);
      const log = await ctx.store.log(dialogue);
      if (log.size !== stop) throw new Error(`generator: stored log size ${log.size}, expected ${stop}`);
      const before = performance.now();
      await options.onSize?.(stop, ctx, dialogue);
      outsideMs += performance.now() - before;
    }
  } catch (error) {
    await ctx.close();
    throw error;
  } finally {
    await pool.close();
  }
  return { ctx, dialogue, events: size, perSecond: rate(size, performance.now() - start - outsideMs) };
}

/** Writes the dialogue's transcript (`records.transcriptChunks`) to `file`; returns its size in bytes. */
export async function exportTranscript(ctx: NodeContext, dialogue: DialogueId, file: string): Promise<number> {
  const out = createWriteStream(file);
  await pipeline(Readable.from(ctx.records.transcriptChunks(dialogue)), out);
  return out.bytesWritten;
}
