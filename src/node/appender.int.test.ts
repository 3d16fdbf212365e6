// Group commit (docs/decisions/0006-group-commit.md) with callers that answer each commit a
// few milliseconds later, as clients over a network do: the appender waits for them to fill the
// next group instead of committing whoever arrived first on their own.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initNode, type NodeContext } from '../app/node-context.js';
import type { DialogueId, MemberId, PartyId } from '../record/index.js';
import { applyScenario, parseScenario } from '../scenario/index.js';
import { Appender } from './appender.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-appender-'));
const contexts: NodeContext[] = [];
afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

async function demoNode(name: string): Promise<{ ctx: NodeContext; dialogue: DialogueId }> {
  const ctx = await initNode({ dataDir: join(dir, name), name });
  contexts.push(ctx);
  const demo = parseScenario(readFileSync('scenarios/demo.yaml', 'utf8'));
  return { ctx, dialogue: await applyScenario(ctx.node, { ...demo, steps: [], messages: [] }) };
}

/**
 * `clients` callers, each posting `posts` messages one after another, ANSWER_MS after its
 * previous one committed: long after the appender's own next turn of the event loop, so
 * without the wait it has moved on by then unless its thread stalls that long.
 */
const ANSWER_MS = 20;

async function postLikeNetworkClients(options: { groupFillWaitMs: number; clients: number; posts: number; name: string }): Promise<{ groups: number; appended: number }> {
  const { ctx, dialogue } = await demoNode(options.name);
  let groups = 0;
  const store = Object.create(ctx.store) as typeof ctx.store;
  store.withDialogue = (id, work) => {
    groups++;
    return ctx.store.withDialogue(id, work);
  };
  const appender = new Appender({ store, keys: ctx.keys, clock: ctx.node.clock, groupFillWaitMs: options.groupFillWaitMs });
  const post = (n: number) => appender.run(dialogue, () => ({
    party: 'aurelia' as PartyId, member: 'aurelia-delegate' as MemberId,
    events: [{ type: 'message.posted', body: { kind: 'informal', text: { en: `message ${n}` } } }],
    result: () => undefined,
  }));
  const before = (await ctx.store.log(dialogue)).size;
  await Promise.all(Array.from({ length: options.clients }, async (_, client) => {
    for (let i = 0; i < options.posts; i++) {
      await post(client * options.posts + i);
      await new Promise((resolve) => setTimeout(resolve, ANSWER_MS));
    }
  }));
  return { groups, appended: (await ctx.store.log(dialogue)).size - before };
}

describe('Appender group commit', () => {
  it('given 8 callers that answer each commit a few milliseconds later, when they post 4 messages each, then the appender waits for them and commits in about one group per round', async () => {
    const waiting = await postLikeNetworkClients({ groupFillWaitMs: 500, clients: 8, posts: 4, name: 'waiting' });
    expect(waiting.appended).toBe(32);
    // One group per round of 8 answers, plus the first caller's own group at the start.
    expect(waiting.groups).toBeLessThanOrEqual(5);
  });

  it('given the same callers and no wait, then the first answer of each round is committed alone', async () => {
    const eager = await postLikeNetworkClients({ groupFillWaitMs: 0, clients: 8, posts: 4, name: 'eager' });
    expect(eager.appended).toBe(32);
    expect(eager.groups).toBeGreaterThanOrEqual(8);
  });
});
