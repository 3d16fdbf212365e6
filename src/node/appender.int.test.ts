// Group commit (docs/decisions/0006-group-commit.md) with callers that answer a commit a few
// milliseconds later, as clients over a network do: the appender waits for them to fill the
// next group instead of committing whoever arrived first on their own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NodeContext } from '../app/node-context.js';
import { freshDemoNode } from '../app/testing/demo-node.js';
import type { MemberId, PartyId } from '../record/index.js';
import { Appender } from './appender.js';
import type { DialogueTransaction } from './ports.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-appender-'));
const contexts: NodeContext[] = [];
afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A group of 8 commits; each of its 8 callers answers ANSWER_MS after that commit, long after
 * the appender's own next turn of the event loop. Returns the size of each group, in order.
 */
const ANSWER_MS = 50;

async function groupsAfterAnswers(options: { groupFillWaitMs: number; name: string }): Promise<number[]> {
  const { ctx, dialogue } = await freshDemoNode(join(dir, options.name), options.name);
  contexts.push(ctx);
  const appender = new Appender({ store: ctx.store, keys: ctx.keys, clock: ctx.node.clock, groupFillWaitMs: options.groupFillWaitMs });
  // Each group is one transaction: count the commands decided in each.
  const sizes = new Map<DialogueTransaction, number>();
  const post = (n: number) => appender.run(dialogue, (tx) => {
    sizes.set(tx, (sizes.get(tx) ?? 0) + 1);
    return {
      party: 'aurelia' as PartyId, member: 'aurelia-delegate' as MemberId,
      events: [{ type: 'message.posted', body: { kind: 'informal', text: { en: `message ${n}` } } }],
      result: () => undefined,
    };
  });
  // The first post's group runs alone; the 8 queued meanwhile make the next group. Its
  // callers answer together, ANSWER_MS after its commit (one timer: separate timers would
  // resume them one by one, and a group woken at 3/4 would leave stragglers to the bound).
  let answer: Promise<unknown> | undefined;
  const first = post(0);
  await Promise.all([first, ...Array.from({ length: 8 }, async (_, caller) => {
    await post(1 + caller);
    answer ??= new Promise((resolve) => setTimeout(resolve, ANSWER_MS));
    await answer;
    await post(9 + caller);
  })]);
  return [...sizes.values()];
}

describe('Appender group commit', () => {
  it('given a group of 8 whose callers answer a few milliseconds after its commit, then the appender waits for at least 3/4 of them before the next group', async () => {
    const sizes = await groupsAfterAnswers({ groupFillWaitMs: 500, name: 'waiting' });
    expect(sizes.slice(0, 2)).toEqual([1, 8]);
    expect(sizes[2]).toBeGreaterThanOrEqual(6);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(17);
  });

  it('given a fill wait far longer than the test, then the next group starts as soon as 3/4 of its callers have answered, not when the wait ends', async () => {
    // A drain not woken by the callers' commands would wait the full minute.
    const started = Date.now();
    const sizes = await groupsAfterAnswers({ groupFillWaitMs: 60_000, name: 'woken' });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(sizes).toEqual([1, 8, 8]);
  });

  it('given the same callers and no wait, then the first answer is committed alone', async () => {
    const sizes = await groupsAfterAnswers({ groupFillWaitMs: 0, name: 'eager' });
    expect(sizes.slice(0, 3)).toEqual([1, 8, 1]);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(17);
  });
});
