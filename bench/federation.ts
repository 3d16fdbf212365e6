/**
 * Section `federation` (BENCH_ONLY=federation): two nodes in this process, each with its own
 * SQLite database and HTTP server on loopback, talking signed /federation/v1.
 *
 * - Catch-up: node A holds `events` messages of its party that node B has never seen; B's
 *   replicator pulls them (1,000 per signed request) and its inbox verifies and appends each
 *   one, recording blue's delivery receipt for each as it would live. Events/s of A's events
 *   taken in, compared with raw single-thread Ed25519 verification in the same run (ingest
 *   verifies on one thread).
 * - Lag: both nodes serve with their replicators running (as in `parley serve`); A posts
 *   messages at a steady rate; the lag of each is the time from its commit on A until B has
 *   committed it (B's live bus), p50 and p99.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { initNode, type NodeContext } from '../src/app/node-context.js';
import {
  FederationInbox, Replicator, expectFederatedDialogue, nodeInfo, openFederatedDialogue, pinPeer,
} from '../src/federation/index.js';
import { buildHttpApp } from '../src/http/app.js';
import {
  nextChainFields, signEvent, type ChainHead, type DialogueId, type EventId, type MemberId, type PartyId, type SignedEvent,
} from '../src/record/index.js';
import { median, percentile, progress, rate } from './stats.js';
import { freePort } from '../test/fixtures/free-port.js';

const DIALOGUE = 'bench-federation' as DialogueId;
const RED = 'red' as PartyId;
const BLUE = 'blue' as PartyId;

interface Pair {
  readonly a: NodeContext;
  readonly b: NodeContext;
  readonly apps: FastifyInstance[];
  close(): Promise<void>;
}

async function pair(tmp: string, tag: string, options: { replication: boolean }): Promise<Pair> {
  const [portA, portB] = [await freePort(), await freePort()];
  const a = await initNode({ dataDir: join(tmp, `${tag}-a`), name: 'a.bench', url: `http://127.0.0.1:${portA}` });
  const b = await initNode({ dataDir: join(tmp, `${tag}-b`), name: 'b.bench', url: `http://127.0.0.1:${portB}` });
  await a.node.hostParty(RED, { en: 'Red' });
  await b.node.hostParty(BLUE, { en: 'Blue' });
  await a.node.addMember({ id: 'red-principal' as MemberId, party: RED, name: 'red principal', roles: ['principal'] });
  await b.node.addMember({ id: 'blue-principal' as MemberId, party: BLUE, name: 'blue principal', roles: ['principal'] });
  await pinPeer(a, await nodeInfo(b), new Date());
  await pinPeer(b, await nodeInfo(a), new Date());
  const spec = { id: DIALOGUE, title: { en: 'Bench' }, parties: [RED, BLUE], createdAt: new Date().toISOString() };
  await expectFederatedDialogue(b.node, spec);
  await openFederatedDialogue(a.node, spec);
  const apps: FastifyInstance[] = [];
  for (const [ctx, port] of [[a, portA], [b, portB]] as const) {
    const app = await buildHttpApp(ctx, { logLevel: 'error', webRoot: false, webhooks: false, ...(options.replication ? {} : { replication: false }) });
    await app.listen({ host: '127.0.0.1', port });
    apps.push(app);
  }
  return {
    a, b, apps,
    close: async () => {
      for (const app of apps) await app.close();
      await a.close();
      await b.close();
    },
  };
}

function replicatorOf(ctx: NodeContext, options: { witnessing?: boolean; batch?: number } = {}): Replicator {
  return new Replicator(
    { name: ctx.name, keys: ctx.keys, store: ctx.store, records: ctx.records, clock: ctx.node.clock, inbox: new FederationInbox(ctx.node) },
    { batch: 1000, ...options },
  );
}

async function settle(replicators: readonly Replicator[]): Promise<void> {
  for (let round = 0; round < 20; round++) {
    let moved = 0;
    for (const r of replicators) {
      const report = await r.round();
      if (report.failed.length > 0) throw new Error(`bench federation: round failed with ${report.failed.join(', ')}`);
      moved += report.pushed + report.pulled;
    }
    if (moved === 0) return;
  }
  throw new Error('bench federation: the nodes did not settle');
}

/** Appends `count` signed messages of red to A's log directly (the generator's way: batches of 1,000). */
async function generateRed(a: NodeContext, count: number): Promise<void> {
  const key = a.keys.partyKey(RED)!;
  const heads = new Map<PartyId, ChainHead>(await a.store.withDialogue(DIALOGUE, (tx) => tx.heads()));
  const base = Date.now();
  for (let done = 0; done < count;) {
    const batch: { event: SignedEvent; id: EventId }[] = [];
    for (let i = 0; i < 1000 && done < count; i++, done++) {
      const chain = nextChainFields(RED, heads);
      const signed = signEvent({
        v: 1, dialogue: DIALOGUE, party: RED, member: 'red-principal' as MemberId, ...chain,
        time: new Date(base + done).toISOString(), type: 'message.posted',
      }, { kind: 'informal', text: { en: `bench message ${done}` } }, key);
      heads.set(RED, { seq: chain.seq, id: signed.id });
      batch.push(signed);
    }
    await a.store.withDialogue(DIALOGUE, (tx) => tx.append(batch));
  }
}

export interface CatchUpFigure {
  readonly events: number;
  readonly perSecond: number;
  readonly seconds: number;
  /** B's log after catch-up (A's events, blue's receipts, the opening). */
  readonly bLogSize: number;
}

/** B catches up on `events` of A's events by pulling; median of `rounds` fresh pairs. */
export async function catchUpFigure(options: { tmp: string; events: number; rounds: number }): Promise<CatchUpFigure> {
  const results: CatchUpFigure[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const p = await pair(options.tmp, `catch-up-${round}`, { replication: false });
    try {
      const ra = replicatorOf(p.a, { witnessing: false });
      const rb = replicatorOf(p.b, { witnessing: false });
      await settle([ra, rb]);
      progress(`federation: generating ${options.events} events on node A (round ${round + 1}/${options.rounds})`);
      await generateRed(p.a, options.events);
      const target = await redSeq(p.a);
      const start = performance.now();
      // Only B works: it pulls A's log (A's own pushes are not running).
      for (;;) {
        const report = await rb.round();
        if (report.failed.length > 0) throw new Error('bench federation: catch-up round failed');
        const received = await redSeq(p.b);
        if (received >= target) break;
        if (report.pulled === 0) throw new Error(`bench federation: B stopped at ${received} of ${target} of A's events`);
      }
      const ms = performance.now() - start;
      results.push({ events: options.events, perSecond: rate(options.events, ms), seconds: ms / 1000, bLogSize: (await p.b.store.log(DIALOGUE)).size });
    } finally {
      await p.close();
    }
  }
  const sorted = [...results].sort((x, y) => x.perSecond - y.perSecond);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** How many of red's events the node holds (its chain head's sequence number). */
async function redSeq(ctx: NodeContext): Promise<number> {
  const heads = await ctx.store.withDialogue(DIALOGUE, (tx) => tx.heads());
  return heads.get(RED)?.seq ?? 0;
}

export interface LagFigure {
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly perSecond: number;
}

/** Replication lag A → B under a steady stream of `perSecond` posts for `seconds`. */
export async function lagFigure(options: { tmp: string; perSecond: number; seconds: number }): Promise<LagFigure> {
  const p = await pair(options.tmp, 'lag', { replication: true });
  try {
    const sentAt = new Map<string, number>();
    const lags: number[] = [];
    const arrived = new Set<string>();
    const early = new Map<string, number>();
    p.b.node.live.subscribe((notice) => {
      if (notice.kind !== 'event' || notice.event.event.party !== RED) return;
      const now = performance.now();
      const sent = sentAt.get(notice.event.id);
      arrived.add(notice.event.id);
      if (sent === undefined) early.set(notice.event.id, now);
      else lags.push(now - sent);
    });
    // Let the opening settle (B joins, A learns it).
    const deadline = performance.now() + 30_000;
    while ((await p.a.store.log(DIALOGUE)).size < 2) {
      if (performance.now() > deadline) throw new Error('bench federation: the dialogue did not open on both nodes');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const total = Math.round(options.perSecond * options.seconds);
    const interval = 1000 / options.perSecond;
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const stored = await p.a.node.postMessage({ dialogue: DIALOGUE, member: 'red-principal' as MemberId, kind: 'informal', text: { en: `lag ${i}` } });
      const committed = performance.now();
      sentAt.set(stored.id, committed);
      const seen = early.get(stored.id);
      if (seen !== undefined) lags.push(seen - committed);
    }
    const end = performance.now() + 30_000;
    while (lags.length < total && performance.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
    if (lags.length < total) throw new Error(`bench federation: only ${lags.length} of ${total} messages reached B`);
    return {
      samples: lags.length, p50Ms: median(lags), p99Ms: percentile(lags, 99), maxMs: Math.max(...lags),
      perSecond: options.perSecond,
    };
  } finally {
    await p.close();
  }
}
