/**
 * Store contract, federation inbox part: pending incoming events, equivocation proofs and
 * which referenced events are held, on every engine (run from store.contract.ts).
 */
import { describe, expect, it } from 'vitest';
import { envelopeText, type EventId } from '../record/index.js';
import type { ContractContext } from './testing/contract-context.js';
import { nextEvent, nextEvents } from './testing/signed-events.js';

export function describeInboxContract(ctx: ContractContext): void {
  describe('federation inbox tables', () => {
    it('given pending events, then they are listed oldest first, kept once per id, counted, and deleted by id', async () => {
      const { id } = await ctx.newDialogue();
      const inbox = ctx.store().inbox;
      const [first, second] = nextEvents(ctx.alice, id, new Map(), 2);
      const pending = (signed: typeof first, receivedAt: string, reason = 'seq_gap: x') => ({
        dialogue: id, id: signed!.id, event: signed!.event, source: 'peer.test', reason, receivedAt,
      });
      await inbox.putPending(pending(second, '2026-01-01T00:00:02.000Z'));
      await inbox.putPending(pending(first, '2026-01-01T00:00:01.000Z'));
      await inbox.putPending(pending(second, '2026-01-01T00:00:03.000Z', 'seen_unknown: y'));
      const listed = await inbox.pending(id);
      expect(listed.map((p) => p.id)).toEqual([first!.id, second!.id]);
      expect(listed[1]).toMatchObject({ event: second!.event, source: 'peer.test', reason: 'seen_unknown: y', receivedAt: '2026-01-01T00:00:02.000Z' });
      expect(await inbox.pendingCount(id)).toBe(2);
      expect((await inbox.pending(id, 1)).map((p) => p.id)).toEqual([first!.id]);
      await inbox.deletePending(id, [first!.id]);
      expect((await inbox.pending(id)).map((p) => p.id)).toEqual([second!.id]);
      await inbox.deletePending(id, []);
      expect(await inbox.pendingCount(id)).toBe(1);
    });

    it('given stored events, then eventParties names the held ones with their authors and eventAt finds one by party and seq', async () => {
      const { id } = await ctx.newDialogue();
      const store = ctx.store();
      const stored = await store.withDialogue(id, async (tx) => [
        ...await tx.append([nextEvent(ctx.alice, id, await tx.heads())]),
        ...await tx.append([nextEvent(ctx.bob, id, await tx.heads())]),
      ]);
      const missing = 'f'.repeat(64);
      const held = await store.inbox.eventParties(id, [stored[0]!.id, stored[1]!.id, missing]);
      expect(held).toEqual(new Map([[stored[0]!.id, 'alice'], [stored[1]!.id, 'bob']]));
      expect(await store.inbox.eventAt(id, ctx.bob.record.id, 1)).toEqual({ id: stored[1]!.id, envelope: envelopeText(stored[1]!.event) });
      expect(await store.inbox.eventAt(id, ctx.bob.record.id, 2)).toBeUndefined();
    });

    it('given an equivocation recorded twice, then it is kept once with both envelopes', async () => {
      const { id } = await ctx.newDialogue();
      const store = ctx.store();
      const record = {
        dialogue: id, party: ctx.alice.record.id, seq: 3,
        stored: { id: 'a'.repeat(64) as EventId, envelope: '{"seq":3,"sig":"one"}' },
        other: { id: 'b'.repeat(64) as EventId, envelope: '{"seq":3,"sig":"two"}' },
        source: 'peer.test', detectedAt: '2026-01-01T00:00:00.000Z',
      };
      await store.inbox.recordEquivocation(record);
      await store.inbox.recordEquivocation({ ...record, detectedAt: '2026-01-02T00:00:00.000Z' });
      expect(await store.inbox.equivocations(id)).toEqual([record]);
      expect(await store.inbox.equivocations((await ctx.newDialogue()).id)).toEqual([]);
    });
  });
}
