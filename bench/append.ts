/**
 * Figure 2: the Parley append path. Each round runs in a fresh SQLite data directory
 * (`initNode` + the 2-party demo scenario), then posts messages through
 * `ParleyNode.postMessage`, either one after another or with N posts kept in flight (the
 * appender group-commits the queued ones per dialogue).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeContext } from '../src/app/node-context.js';
import { freshDemoNode } from '../src/app/testing/demo-node.js';
import type { DialogueId, MemberId } from '../src/record/index.js';
import { messageText } from './events.js';
import { median, rate, repeat } from './stats.js';

const MEMBERS = ['aurelia-delegate', 'boreas-delegate'] as MemberId[];

function post(ctx: NodeContext, dialogue: DialogueId, n: number): Promise<unknown> {
  return ctx.node.postMessage({ dialogue, member: MEMBERS[n % 2]!, kind: 'informal', text: messageText(n) });
}

/** Posts `events` messages keeping `inFlight` posts running at once (1: strictly sequential). */
async function postAll(ctx: NodeContext, dialogue: DialogueId, events: number, inFlight: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  const lane = async (): Promise<void> => {
    while (next < events) await post(ctx, dialogue, next++);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, events) }, lane));
  return performance.now() - start;
}

export interface AppendFigure {
  readonly inFlight: number;
  readonly posts: number;
  /** Events appended per second (the log's growth), median of the rounds. */
  readonly perSecond: number;
  /** The raw append ceiling around each round (mean of the rounds just before and after), median. */
  readonly rawPerSecond: number;
  /** Median over the rounds of events/s ÷ the raw ceiling around that round. */
  readonly ratio: number;
  readonly postsPerSecond: number;
  readonly eventsPerPost: number;
  readonly rounds: number[];
  /** The raw ceiling around each round, in the order of `rounds`. */
  readonly roundCeilings: number[];
}

/**
 * Median events/s appended by `postMessage` with `inFlight` posts in flight, each round in a
 * fresh node and bracketed by a raw append round (`ceiling()`) just before and just after it,
 * so the ratio compares the two under the same load (as for `parley verify`, bench/verify.ts):
 * on the shared machine the CPU this process gets changes within a minute, and one ceiling
 * measured before all rounds made the ratio swing by ±5 points between runs of the same code.
 */
export async function parleyAppend(options: {
  events: number; inFlight: number; rounds: number; tmp: string; ceiling: () => Promise<number>;
}): Promise<AppendFigure> {
  const rounds = await repeat(options.rounds, async () => {
    const dir = mkdtempSync(join(options.tmp, `append-${options.inFlight}-`));
    const { ctx, dialogue } = await freshDemoNode(join(dir, 'node'));
    try {
      await postAll(ctx, dialogue, 20, 1); // warm-up: JIT, statement preparation
      const before = (await ctx.store.log(dialogue)).size;
      const rawBefore = await options.ceiling();
      const ms = await postAll(ctx, dialogue, options.events, options.inFlight);
      const rawAfter = await options.ceiling();
      const appended = (await ctx.store.log(dialogue)).size - before;
      // Each post is one message.posted event, plus the delivery receipt that the other
      // party, hosted on this same node, records at once (ParleyNode.recordDeliveries).
      if (appended < options.events) throw new Error(`append bench: ${appended} events appended for ${options.events} posts`);
      const events = rate(appended, ms);
      const raw = (rawBefore + rawAfter) / 2;
      return { events, raw, ratio: events / raw, posts: rate(options.events, ms), eventsPerPost: appended / options.events };
    } finally {
      await ctx.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return {
    inFlight: options.inFlight, posts: options.events, perSecond: median(rounds.map((r) => r.events)),
    rawPerSecond: median(rounds.map((r) => r.raw)), ratio: median(rounds.map((r) => r.ratio)),
    postsPerSecond: median(rounds.map((r) => r.posts)), eventsPerPost: rounds[0]!.eventsPerPost, rounds: rounds.map((r) => r.events),
    roundCeilings: rounds.map((r) => r.raw),
  };
}
