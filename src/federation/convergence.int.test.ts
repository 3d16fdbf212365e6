// Convergence (issue 6, item 6; acceptance: "a property test replays random causally-valid
// interleavings of the same event set into fresh nodes and gets identical digests every
// time"). Red's node and blue's node (each its own SQLite database) act concurrently from a
// random script, syncing at random moments; then every event of the dialogue is replayed
// into fresh nodes in random causal orders and random batches — and in fully random order
// (the inbox keeps what arrives early waiting) — and every digest must be the same.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGGREGATE_KINDS, DEFAULT_TERMS } from '../domain/index.js';
import { termsInForceRecord, type StoredEvent } from '../node/index.js';
import type { SignedEvent } from '../record/index.js';
import {
  BLUE, DIALOGUE, RED, deliver, exchange, federatedPair, testNode, type TestNode,
} from './testing/federated-nodes.js';

type Party = 'red' | 'blue';
type Step =
  | { readonly kind: 'post'; readonly by: Party }
  | { readonly kind: 'call'; readonly by: Party }
  | { readonly kind: 'settle_call'; readonly by: Party; readonly pick: number; readonly how: 'acknowledge' | 'close' }
  | { readonly kind: 'propose_group'; readonly by: Party }
  | { readonly kind: 'group'; readonly by: Party; readonly pick: number; readonly how: 'accept' | 'suspend' | 'resume' | 'propose_closure' }
  | { readonly kind: 'propose_terms'; readonly by: Party; readonly minutes: number }
  | { readonly kind: 'accept_terms'; readonly by: Party; readonly pick: number }
  | { readonly kind: 'sync'; readonly from: Party }
  | { readonly kind: 'tick'; readonly seconds: number };

const party = fc.constantFrom<Party>('red', 'blue');
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('post' as const), by: party }),
  fc.record({ kind: fc.constant('call' as const), by: party }),
  fc.record({ kind: fc.constant('settle_call' as const), by: party, pick: fc.nat(5), how: fc.constantFrom('acknowledge' as const, 'close' as const) }),
  fc.record({ kind: fc.constant('propose_group' as const), by: party }),
  fc.record({ kind: fc.constant('group' as const), by: party, pick: fc.nat(5), how: fc.constantFrom('accept' as const, 'suspend' as const, 'resume' as const, 'propose_closure' as const) }),
  fc.record({ kind: fc.constant('propose_terms' as const), by: party, minutes: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('accept_terms' as const), by: party, pick: fc.nat(5) }),
  fc.record({ kind: fc.constant('sync' as const), from: party }),
  fc.record({ kind: fc.constant('tick' as const), seconds: fc.integer({ min: 1, max: 120 }) }),
);

const text = (en: string) => ({ en });

/** Runs one step on the acting party's node; a step the domain refuses records nothing. */
async function run(nodes: Record<Party, TestNode>, s: Step, n: number): Promise<void> {
  if (s.kind === 'tick') {
    nodes.red.clock.advance(s.seconds * 1000);
    nodes.blue.clock.advance(s.seconds * 1000);
    return;
  }
  if (s.kind === 'sync') {
    await deliver(nodes[s.from], nodes[s.from === 'red' ? 'blue' : 'red']);
    return;
  }
  const node = nodes[s.by];
  const other = s.by === 'red' ? BLUE : RED;
  const aggregates = (kind: string) => node.store.aggregates.aggregates(DIALOGUE, kind, { limit: 500 });
  try {
    switch (s.kind) {
      case 'post':
        await node.node.postMessage({ dialogue: DIALOGUE, member: `${s.by}-principal` as never, kind: 'informal', text: text(`message ${n}`) });
        break;
      case 'call':
        await node.act(`${s.by}-duty`, 'hotline_call', { type: 'place', to: other, precedence: 'routine', subject: text(`call ${n}`), message: text('check') });
        break;
      case 'settle_call': {
        const calls = await aggregates('hotline_call');
        const call = calls[s.pick % Math.max(calls.length, 1)];
        if (call) await node.act(`${s.by}-duty`, 'hotline_call', s.how === 'close' ? { type: 'close', outcome: 'resolved' } : { type: 'acknowledge' }, call.id);
        break;
      }
      case 'propose_terms':
        await node.act(`${s.by}-principal`, 'terms', {
          type: 'propose', terms: { ...DEFAULT_TERMS, ackDeadlineSeconds: { ...DEFAULT_TERMS.ackDeadlineSeconds, flash: s.minutes * 60 } },
        });
        break;
      case 'accept_terms': {
        const proposals = await aggregates('terms');
        const proposal = proposals[s.pick % Math.max(proposals.length, 1)];
        if (proposal) await node.act(`${s.by}-principal`, 'terms', { type: 'accept', proposal: proposal.id }, proposal.id);
        break;
      }
      case 'propose_group':
        await node.act(`${s.by}-principal`, 'working_group', { type: 'propose', mandate: { title: text(`group ${n}`), goals: [text('Agree a procedure')] }, coChair: `${s.by}-chair` });
        break;
      case 'group': {
        const groups = await aggregates('working_group');
        const group = groups[s.pick % Math.max(groups.length, 1)];
        if (!group) break;
        const command = s.how === 'accept' ? { type: 'accept', proposal: group.id, coChair: `${s.by}-chair` }
          : s.how === 'suspend' ? { type: 'suspend', reason: `suspended ${n}` } : { type: s.how };
        await node.act(`${s.by}-principal`, 'working_group', command, group.id);
        break;
      }
    }
  } catch (error) {
    if (!(error instanceof Error) || !('code' in error)) throw error;
  }
}

/** A small seeded PRNG (mulberry32): fast-check draws the seed, so failures replay. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random order in which every event comes after its `prev` and `seen` events. */
function causalOrder(events: readonly StoredEvent[], random: () => number): SignedEvent[] {
  const byId = new Map(events.map((s) => [s.id as string, s]));
  const placed = new Set<string>();
  const out: SignedEvent[] = [];
  const remaining = [...events];
  while (remaining.length > 0) {
    const ready = remaining.filter((s) => [s.event.prev, ...Object.values(s.event.seen)]
      .every((dep) => dep === null || placed.has(dep) || !byId.has(dep)));
    const next = ready[Math.floor(random() * ready.length)]!;
    remaining.splice(remaining.indexOf(next), 1);
    placed.add(next.id);
    out.push(next.event);
  }
  return out;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Every aggregate row as the store answers it (state, index columns, node-local version) and the messages. */
async function projectedRows(node: TestNode): Promise<unknown> {
  const aggregates = [];
  for (const kind of AGGREGATE_KINDS) aggregates.push(...await node.store.aggregates.aggregates(DIALOGUE, kind.kind, { limit: 500 }));
  return { aggregates, messages: await node.store.projections.messages(DIALOGUE) };
}

/** A fresh node hosting neither party, with both parties' keys pinned and the dialogue. */
async function freshNode(red: TestNode, blue: TestNode): Promise<TestNode> {
  const observer = await testNode('observer.node', 'sqlite');
  for (const [from, id] of [[red, RED], [blue, BLUE]] as const) await observer.store.putParty((await from.store.party(id))!);
  const dialogue = await red.store.dialogue(DIALOGUE);
  await observer.store.createDialogue(dialogue!);
  return observer;
}

/** Replays `order` in random batches; returns the node's digest once everything is applied. */
async function replay(observer: TestNode, order: readonly SignedEvent[], random: () => number): Promise<string> {
  for (let start = 0; start < order.length;) {
    const size = 1 + Math.floor(random() * 6);
    const results = await observer.inbox.ingest(DIALOGUE, order.slice(start, start + size), 'replay');
    for (const result of results) expect(['appended', 'waiting', 'duplicate']).toContain(result.status);
    start += size;
  }
  expect(await observer.store.inbox.pending(DIALOGUE)).toEqual([]);
  expect(await observer.store.rejections(DIALOGUE)).toEqual([]);
  return (await observer.node.stateDigest(DIALOGUE)).digest;
}

describe('convergence', () => {
  it('given two nodes acting concurrently, when all events are exchanged or replayed into fresh nodes in any order, then every state digest is the same', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 8, maxLength: 24 }), fc.integer(), async (script, seed) => {
      const { red, blue, close } = await federatedPair('sqlite');
      const observers: TestNode[] = [];
      try {
        await deliver(red, blue);
        let n = 0;
        for (const s of script) await run({ red, blue }, s, n++);
        await exchange(red, blue);
        const digest = (await red.node.stateDigest(DIALOGUE)).digest;
        expect((await blue.node.stateDigest(DIALOGUE)).digest).toBe(digest);
        // Both nodes hold the same terms in force (the latest agreement by Lamport clock, then id).
        expect(await termsInForceRecord(blue.store.aggregates, DIALOGUE)).toEqual(await termsInForceRecord(red.store.aggregates, DIALOGUE));

        const events = await red.events();
        expect((await blue.events()).map((s) => s.id).sort()).toEqual(events.map((s) => s.id).sort());
        const random = prng(seed);
        for (const order of [causalOrder(events, random), causalOrder(events, random), shuffled(events.map((s) => s.event), random)]) {
          const observer = await freshNode(red, blue);
          observers.push(observer);
          expect(await replay(observer, order, random)).toBe(digest);
        }
        // A rebuild of a node that received events in another order reproduces its rows.
        for (const observer of [observers[0]!, observers[2]!, red]) {
          const live = await projectedRows(observer);
          await observer.store.rebuildProjections(DIALOGUE);
          expect(await projectedRows(observer)).toEqual(live);
          expect((await observer.node.stateDigest(DIALOGUE)).digest).toBe(digest);
        }
      } finally {
        for (const observer of observers) await observer.close();
        await close();
      }
    }), { numRuns: 25 });
  });
});


