/**
 * Store contract, scheduling part: aggregates' `due` times found in order and paged, moved
 * by later events, kept by a rebuild; and the PRIVATE escalation tables (ladder, pending
 * escalation, steps): scoped by party, paged by due time, a step never taken twice.
 */
import { describe, expect, it } from 'vitest';
import type { DialogueId, Json, MemberId } from '../record/index.js';
import type { DialogueTransaction } from '../node/ports.js';
import type { DueAggregate } from '../node/private-ports.js';
import type { ContractContext } from './testing/contract-context.js';
import { nextEvent, type TestParty } from './testing/signed-events.js';

async function append(tx: DialogueTransaction, party: TestParty, type: string, body: Json, time: string): Promise<string> {
  const { event, id } = nextEvent(party, tx.dialogue.id, await tx.heads(), { type, body, time });
  await tx.append([{ event, id }]);
  return id;
}

const opened = { intervalSeconds: 3600, answerSeconds: 300 };

export function describeSchedulingContract(ctx: ContractContext): void {
  const { alice, bob } = ctx;

  describe('scheduling', () => {
    it('given links opened at different times, when due ones are paged two at a time, then each comes once, in due order, and only if due', async () => {
      const store = ctx.store();
      const times = ['2030-01-01T03:00:00.000Z', '2030-01-01T01:00:00.000Z', '2030-01-01T02:00:00.000Z', '2030-01-01T09:00:00.000Z'];
      const dialogues: DialogueId[] = [];
      for (const time of times) {
        const { id } = await ctx.newDialogue();
        dialogues.push(id);
        await store.withDialogue(id, (tx) => append(tx, alice, 'hotline_link.opened', { ...opened, parties: [alice.record.id, bob.record.id] }, time));
      }
      const seen: DueAggregate[] = [];
      for (let after: DueAggregate | undefined; ;) {
        const page = await store.dueAggregates('2030-01-01T05:00:00.000Z', { limit: 2, after });
        seen.push(...page);
        if (page.length < 2) break;
        after = page.at(-1);
      }
      const ours = seen.filter((d) => dialogues.includes(d.dialogue));
      expect(ours.map((d) => d.due)).toEqual(['2030-01-01T01:00:00.000Z', '2030-01-01T02:00:00.000Z', '2030-01-01T03:00:00.000Z']);
      expect(ours.every((d) => d.kind === 'hotline_link')).toBe(true);
    });

    it('given a link whose test was sent and answered, then its due time moves to the next slot, and a rebuild keeps it', async () => {
      const store = ctx.store();
      const { id } = await ctx.newDialogue();
      const link = await store.withDialogue(id, async (tx) => {
        const linkId = await append(tx, alice, 'hotline_link.opened', { ...opened, parties: [alice.record.id, bob.record.id] }, '2031-01-01T00:00:00.000Z');
        await append(tx, alice, 'hotline_link.test_sent', { target: linkId, slot: 0 }, '2031-01-01T00:00:00.000Z');
        expect((await tx.aggregates.aggregate(id, 'hotline_link', linkId))?.due).toBe('2031-01-01T00:05:00.000Z');
        await append(tx, bob, 'hotline_link.test_answered', { target: linkId, slot: 0 }, '2031-01-01T00:00:01.000Z');
        return linkId;
      });
      expect((await store.aggregates.aggregate(id, 'hotline_link', link))?.due).toBe('2031-01-01T01:00:00.000Z');
      const due = async () => (await store.dueAggregates('2031-01-01T00:59:59.999Z', { limit: 500 })).filter((d) => d.dialogue === id);
      expect(await due()).toEqual([]);
      await store.rebuildProjections(id);
      expect((await store.aggregates.aggregate(id, 'hotline_link', link))?.due).toBe('2031-01-01T01:00:00.000Z');
    });

    it('a party\'s ladder is its own; pending escalations are replaced, paged by due time and deleted; a step is never taken twice', async () => {
      const { privates } = ctx.store();
      const { id: dialogue } = await ctx.newDialogue();
      const a = alice.record.id;
      const b = bob.record.id;
      const rungs = [{ name: 'supervisor', roles: ['principal' as const], members: ['m1'], deadlineSeconds: 60 }];
      await privates.putEscalationLadder({ party: a, dialogue, rungs, updatedBy: 'admin' as MemberId, updatedAt: '2030-01-01T00:00:00.000Z' });
      expect(await privates.escalationLadder(a, dialogue)).toMatchObject({ rungs, updatedBy: 'admin' });
      expect(await privates.escalationLadder(b, dialogue)).toBeUndefined();

      await privates.putPendingEscalation({ party: a, dialogue, call: 'c1', level: 1, due: '2030-01-01T00:10:00.000Z' });
      await privates.putPendingEscalation({ party: a, dialogue, call: 'c1', level: 2, due: '2030-01-01T00:20:00.000Z' });
      await privates.putPendingEscalation({ party: b, dialogue, call: 'c2', level: 1, due: '2030-01-01T00:05:00.000Z' });
      await privates.putPendingEscalation({ party: a, dialogue, call: 'c3', level: 1, due: '2030-01-01T00:40:00.000Z' });
      expect(await privates.pendingEscalation(a, dialogue, 'c1')).toMatchObject({ level: 2, due: '2030-01-01T00:20:00.000Z' });
      const first = await privates.duePendingEscalations('2030-01-01T00:30:00.000Z', { limit: 1 });
      const rest = await privates.duePendingEscalations('2030-01-01T00:30:00.000Z', { limit: 10, after: first[0] });
      expect([...first, ...rest].filter((p) => p.dialogue === dialogue).map((p) => p.call)).toEqual(['c2', 'c1']);
      await privates.deletePendingEscalation(a, dialogue, 'c1');
      expect(await privates.pendingEscalation(a, dialogue, 'c1')).toBeUndefined();

      const step = { party: a, dialogue, call: 'c1', level: 1, rung: rungs[0]!, paged: ['m1' as MemberId], due: '2030-01-01T00:10:00.000Z', at: '2030-01-01T00:10:01.000Z' };
      await privates.addEscalationStep(step);
      await expect(privates.addEscalationStep({ ...step, at: '2030-01-01T00:11:00.000Z' })).rejects.toThrow();
      expect((await privates.escalationSteps(a, dialogue)).map((s) => [s.call, s.level, s.paged])).toEqual([['c1', 1, ['m1']]]);
      expect(await privates.escalationSteps(b, dialogue)).toEqual([]);
    });
  });
}
