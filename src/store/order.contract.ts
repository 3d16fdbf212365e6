/**
 * Store contract, order part (docs/decisions/0013-federation.md): Lamport clocks on stored
 * events, aggregates folded in order-key (clock, party, seq) order whatever the append order,
 * refolds for concurrent events, rebuilds that reproduce the live rows, and the state digest.
 * Run from store.contract.ts on every engine.
 */
import { describe, expect, it } from 'vitest';
import { aggregateKind, targetOf, type RecordedEvent } from '../domain/index.js';
import { canonicalize, sha256Hex, type ChainHead, type DialogueId, type EventId, type PartyId, type Json, type SignedEvent } from '../record/index.js';
import { stateDigestOf } from '../node/index.js';
import type { ContractContext } from './testing/contract-context.js';
import { nextEvent, type TestParty } from './testing/signed-events.js';

const WG = 'working_group';
const mandate = { title: { en: 'Maritime issues' }, goals: [{ en: 'Agree a notification procedure' }] };

interface Signed { readonly event: SignedEvent; readonly id: EventId }

/** Signs the next event of `party` after `heads` and moves its own head on. */
function sign(party: TestParty, dialogue: DialogueId, heads: Map<PartyId, ChainHead>, type: string, body: Json): Signed {
  const signed = nextEvent(party, dialogue, heads, { type, body });
  heads.set(party.record.id, { seq: signed.event.seq, id: signed.id });
  return signed;
}

/**
 * A history with concurrent events: alice proposes a working group; then, neither having
 * seen the other, bob accepts it and alice suspends it and posts; then bob, having seen all
 * of alice's, resumes it. Returned in one causal order; `concurrent` lists other valid ones.
 */
function concurrentHistory(ctx: ContractContext, dialogue: DialogueId) {
  const { alice, bob } = ctx;
  const aliceView = new Map<PartyId, ChainHead>();
  const proposed = sign(alice, dialogue, aliceView, 'working_group.proposed', { mandate, coChair: 'alice-chair' });
  const bobView = new Map(aliceView);
  const accepted = sign(bob, dialogue, bobView, 'working_group.accepted', { target: proposed.id, proposal: proposed.id, coChair: 'bob-chair' });
  const suspended = sign(alice, dialogue, aliceView, 'working_group.suspended', { target: proposed.id, reason: 'Incident' });
  const posted = sign(alice, dialogue, aliceView, 'message.posted', { kind: 'informal', text: { en: 'sorry' } });
  bobView.set(alice.record.id, aliceView.get(alice.record.id)!);
  const resumed = sign(bob, dialogue, bobView, 'working_group.resumed', { target: proposed.id });
  return {
    proposed, accepted, suspended, posted, resumed,
    orders: [
      [proposed, accepted, suspended, posted, resumed],
      [proposed, suspended, accepted, posted, resumed],
      [proposed, suspended, posted, accepted, resumed],
    ],
  };
}

export function describeOrderContract(ctx: ContractContext): void {
  async function rowsOf(dialogue: DialogueId) {
    return ctx.db().selectFrom('aggregates').selectAll().where('dialogue_id', '=', dialogue).orderBy('kind').orderBy('id').execute();
  }

  describe('order key and state digest', () => {
    it('given local appends, then each event\'s clock is 1 + the largest clock of its prev and seen events', async () => {
      const { id } = await ctx.newDialogue();
      const store = ctx.store();
      const stored = await store.withDialogue(id, async (tx) => {
        const first = await tx.append([nextEvent(ctx.alice, id, await tx.heads())]);
        const second = await tx.append([nextEvent(ctx.alice, id, await tx.heads())]);
        const third = await tx.append([nextEvent(ctx.bob, id, await tx.heads())]);
        return [...first, ...second, ...third];
      });
      expect(stored.map((s) => s.clock)).toEqual([1, 2, 3]);
      const fourth = await store.withDialogue(id, async (tx) => tx.append([nextEvent(ctx.alice, id, await tx.heads())]));
      expect(fourth[0]?.clock).toBe(4);
      expect((await store.events(id, 0, 10)).map((s) => s.clock)).toEqual([1, 2, 3, 4]);
      expect((await store.eventById(id, stored[2]!.id))?.clock).toBe(3);
    });

    it('given concurrent events with the same clock, then they order by party, and the clock of the event that saw both is above both', async () => {
      const { id } = await ctx.newDialogue();
      const history = concurrentHistory(ctx, id);
      await ctx.store().withDialogue(id, (tx) => tx.append(history.orders[0]!));
      const clocks = new Map((await ctx.store().events(id, 0, 10)).map((s) => [s.id, s.clock]));
      expect([history.proposed, history.accepted, history.suspended, history.posted, history.resumed].map((s) => clocks.get(s.id)))
        .toEqual([1, 2, 2, 3, 4]);
    });

    it('given an event naming a seen event the dialogue does not hold, when appended, then it is refused and nothing changes', async () => {
      const { id } = await ctx.newDialogue();
      const store = ctx.store();
      const stray = nextEvent(ctx.bob, id, new Map([[ctx.alice.record.id, { seq: 1, id: 'f'.repeat(64) as EventId }]]));
      await expect(store.withDialogue(id, (tx) => tx.append([stray]))).rejects.toMatchObject({ code: 'dependency_missing' });
      expect((await store.log(id)).size).toBe(0);
    });

    it('given the same concurrent events appended in different causal orders, then every aggregate is the fold in order-key order, refolded where needed, and a rebuild reproduces the live rows', async () => {
      const digests = new Set<string>();
      for (let order = 0; order < 3; order++) {
        const { id, parties } = await ctx.newDialogue();
        const history = concurrentHistory(ctx, id);
        const store = ctx.store();
        // One event per transaction for the first order, all in one transaction for the others.
        if (order === 0) for (const signed of history.orders[order]!) await store.withDialogue(id, (tx) => tx.append([signed]));
        else await store.withDialogue(id, (tx) => tx.append(history.orders[order]!));

        // Reference: fold the working group's events by hand, in order-key order.
        const stored = await store.events(id, 0, 10);
        const sorted = [...stored].sort((a, b) => a.clock - b.clock || (a.event.party < b.event.party ? -1 : a.event.party > b.event.party ? 1 : a.event.seq - b.event.seq));
        const kind = aggregateKind(WG)!;
        let state: unknown;
        for (const s of sorted) {
          const event: RecordedEvent = { id: s.id, index: s.index, clock: s.clock, party: s.event.party, member: s.event.member, time: s.event.time, type: s.event.type, body: s.event.body };
          if (kind.creates.includes(event.type) || kind.changes.includes(event.type)) {
            if (targetOf(kind, event) === history.proposed.id) state = kind.evolve(state, event, { id, parties });
          }
        }
        const record = await store.aggregates.aggregate(id, WG, history.proposed.id);
        expect(canonicalize(record?.state)).toBe(canonicalize(state));
        expect(record?.version).toBe(4);
        const [row] = (await rowsOf(id)).filter((r) => r.kind === WG);
        expect(row).toMatchObject({ last_clock: 4, last_party: ctx.bob.record.id, last_seq: 2, updated_at: history.resumed.event.time });

        const live = await rowsOf(id);
        await store.rebuildProjections(id);
        expect(await rowsOf(id)).toEqual(live);

        const digest = await store.stateDigest(id);
        const reference = stateDigestOf(id, live.map((r) => ({ kind: r.kind, id: r.id, state: r.state })), stored.map((s) => s.id));
        expect(digest).toEqual(reference);
        expect(digest).toMatchObject({ events: 5, aggregates: live.length });
        digests.add(digest.digest);
      }
      // Different dialogues sign different events: the digests differ between them.
      expect(digests.size).toBe(3);
    });

    it('given a digest, then it is the SHA-256 of the canonical JSON of sorted [kind, id, state] triples and sorted event ids', () => {
      const dialogue = 'd' as DialogueId;
      const aggregates = [
        { kind: 'b', id: '2', state: canonicalize({ z: 1, a: [true] }) },
        { kind: 'a', id: '9', state: canonicalize({ n: null }) },
        { kind: 'b', id: '10', state: canonicalize({}) },
      ];
      const literal = canonicalize({
        aggregates: [['a', '9', { n: null }], ['b', '10', {}], ['b', '2', { a: [true], z: 1 }]],
        events: ['a1', 'b0', 'c'],
      });
      const expected = sha256Hex(literal);
      expect(stateDigestOf(dialogue, aggregates, ['c', 'a1', 'b0'])).toEqual({ dialogue, digest: expected, events: 3, aggregates: 3 });
      expect(stateDigestOf(dialogue, [...aggregates].reverse(), ['b0', 'c', 'a1']).digest).toBe(expected);
      expect(stateDigestOf(dialogue, aggregates.slice(1), ['c', 'a1', 'b0']).digest).not.toBe(expected);
    });
  });
}
