/**
 * Store contract, aggregates part: the generic aggregate projection (working groups as the
 * first kind) and the AggregateReader, on every engine (run from store.contract.ts).
 */
import { describe, expect, it } from 'vitest';
import type { WorkingGroupState } from '../domain/index.js';
import type { DialogueId, Json } from '../record/index.js';
import type { DialogueTransaction, StoredEvent } from '../node/ports.js';
import type { ContractContext } from './testing/contract-context.js';
import { nextEvent, testTime, type TestParty } from './testing/signed-events.js';

const WG = 'working_group';
const mandate = { title: { en: 'Maritime issues', zh: '海洋问题' }, goals: [{ en: 'Agree a notification procedure' }] };
const amended = { title: { en: 'Maritime issues' }, goals: [{ en: 'Agree a notification procedure' }, { en: 'Meet monthly' }] };

/** Signs and appends one event of `party` inside the transaction; `withheld` drops its body. */
async function append(
  tx: DialogueTransaction, party: TestParty, type: string, body: Json, options: { withheld?: boolean; time?: string } = {},
): Promise<StoredEvent> {
  const { event, id } = nextEvent(party, tx.dialogue.id, await tx.heads(), { type, body, ...(options.time ? { time: options.time } : {}) });
  const { body: _body, ...withheld } = event;
  const [stored] = await tx.append([{ event: options.withheld ? withheld : event, id }]);
  if (!stored) throw new Error('unreachable: one event appended');
  return stored;
}

export function describeAggregateContract(ctx: ContractContext): void {
  const { alice, bob } = ctx;

  async function rowsOf(dialogue: DialogueId) {
    return ctx.db().selectFrom('aggregates').selectAll().where('dialogue_id', '=', dialogue).orderBy('kind').orderBy('id').execute();
  }

  describe('aggregates', () => {
    it('given a working group proposed, accepted, suspended and resumed in one group, when read inside the transaction, then each step is visible before commit', async () => {
      const { id } = await ctx.newDialogue();
      const store = ctx.store();
      const wg = await store.withDialogue(id, async (tx) => {
        const proposed = await append(tx, alice, 'working_group.proposed', { mandate, coChair: 'alice-chair' });
        const read = () => tx.aggregates.aggregate<WorkingGroupState>(id, WG, proposed.id);
        expect(await read()).toMatchObject({ dialogue: id, kind: WG, id: proposed.id, status: 'proposed', version: proposed.index });
        await append(tx, bob, 'message.posted', { kind: 'informal', text: { en: 'in between' } });
        const accepted = await append(tx, bob, 'working_group.accepted', { target: proposed.id, proposal: proposed.id, coChair: 'bob-chair' });
        expect(await read()).toMatchObject({ status: 'active', version: accepted.index, state: { coChairs: { alice: 'alice-chair', bob: 'bob-chair' } } });
        await append(tx, bob, 'working_group.suspended', { target: proposed.id, reason: 'Incident' });
        expect((await read())?.status).toBe('suspended');
        // The store's own reader joins the transaction and sees the same.
        expect((await store.aggregates.aggregate(id, WG, proposed.id))?.status).toBe('suspended');
        const resumed = await append(tx, bob, 'working_group.resumed', { target: proposed.id });
        expect(await read()).toMatchObject({ status: 'active', version: resumed.index, date: resumed.event.time });
        expect((await tx.aggregates.aggregates(id, WG)).map((a) => a.status)).toEqual(['active']);
        return proposed.id;
      });
      const record = await store.aggregates.aggregate<WorkingGroupState>(id, WG, wg);
      expect(record).toMatchObject({ status: 'active', version: 4, parent: null, party: null, date: testTime(4) });
      expect(record?.state.history.map((h) => h.type)).toEqual([
        'working_group.proposed', 'working_group.accepted', 'working_group.suspended', 'working_group.resumed',
      ]);
      expect(record?.state.suspendedBy).toEqual({});
    });

    it('given a working group, when it is amended and closed over several transactions, then live rows equal rows rebuilt from the record', async () => {
      const { id } = await ctx.newDialogue();
      const store = ctx.store();
      const wg = await store.withDialogue(id, async (tx) => {
        const proposed = await append(tx, alice, 'working_group.proposed', { mandate, coChair: 'alice-chair' });
        await append(tx, bob, 'working_group.accepted', { target: proposed.id, proposal: proposed.id, coChair: 'bob-chair' });
        // A second group whose proposal body is withheld, and an event for no known group.
        await append(tx, bob, 'working_group.proposed', { mandate, coChair: 'bob-chair' }, { withheld: true });
        await append(tx, alice, 'working_group.suspended', { target: 'no-such-group', reason: 'x' });
        return proposed.id;
      });
      const step = (party: TestParty, type: string, body: Json) => store.withDialogue(id, (tx) => append(tx, party, type, body));
      await step(bob, 'working_group.suspended', { target: wg, reason: 'Protest' });
      await step(bob, 'working_group.resumed', { target: wg });
      const amendment = await step(alice, 'working_group.amendment_proposed', { target: wg, mandate: amended });
      await step(bob, 'working_group.amendment_accepted', { target: wg, proposal: amendment.id });
      const closure = await step(bob, 'working_group.closure_proposed', { target: wg });
      expect((await store.aggregates.aggregate(id, WG, wg))?.status).toBe('active');
      const closed = await step(alice, 'working_group.closure_accepted', { target: wg, proposal: closure.id });

      const record = await store.aggregates.aggregate<WorkingGroupState>(id, WG, wg);
      expect(record).toMatchObject({ status: 'closed', version: closed.index, date: closed.event.time });
      expect(record?.state.mandate).toEqual(amended);
      expect(record?.state.amendment).toBeNull();
      expect(record?.state.history).toHaveLength(8);
      const all = await store.aggregates.aggregates<WorkingGroupState>(id, WG);
      expect(all).toHaveLength(2);
      const redacted = all.find((a) => a.id !== wg);
      expect(redacted).toMatchObject({ status: 'proposed', version: 2, state: { mandate: null, coChairs: {} } });
      expect(await store.aggregates.aggregate(id, WG, 'no-such-group')).toBeUndefined();

      const live = await rowsOf(id);
      expect(live).toHaveLength(2);
      await store.rebuildProjections(id);
      expect(await rowsOf(id)).toEqual(live);
    });

    it('given appends that then fail, when the transaction rolls back, then no aggregate remains', async () => {
      const { id } = await ctx.newDialogue();
      const store = ctx.store();
      let created = '';
      await expect(store.withDialogue(id, async (tx) => {
        created = (await append(tx, alice, 'working_group.proposed', { mandate, coChair: 'c' })).id;
        expect(await store.aggregates.aggregates(id, WG)).toHaveLength(1); // flushed, not committed
        throw new Error('boom');
      })).rejects.toThrow('boom');
      expect(await store.aggregates.aggregate(id, WG, created)).toBeUndefined();
      expect(await rowsOf(id)).toEqual([]);
    });

    it('given a group of commands that each read their aggregate and append, then its statements do not grow with the group', async () => {
      const { id } = await ctx.newDialogue();
      const store = ctx.store();
      const wg = await store.withDialogue(id, async (tx) => (await append(tx, alice, 'working_group.proposed', { mandate, coChair: 'c' })).id);
      async function group(commands: number): Promise<number> {
        const before = ctx.statements();
        await store.withDialogue(id, async (tx) => {
          for (let i = 0; i < commands; i++) {
            expect((await tx.aggregates.aggregate(id, WG, wg))?.version).toBeGreaterThanOrEqual(0);
            await append(tx, bob, i % 2 === 0 ? 'working_group.suspended' : 'working_group.resumed', { target: wg, reason: 'r' });
            const created = await append(tx, alice, 'working_group.proposed', { mandate, coChair: 'c' });
            expect((await tx.aggregates.aggregate(id, WG, created.id))?.version).toBe(created.index);
          }
        });
        return ctx.statements() - before;
      }
      const small = await group(2);
      const large = await group(40);
      expect(large).toBe(small);
      expect(large).toBeLessThanOrEqual(12);
      expect(await store.aggregates.aggregates(id, WG, { limit: 500 })).toHaveLength(1 + 2 + 40);
    });

    it('given many aggregates with NULL, tied and distinct dates, when paged with any limit, then every row comes exactly once in (date, id) order', async () => {
      const { id } = await ctx.newDialogue();
      const kind = 'paging_probe';
      const dates = [null, '2025-03-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z', null, '2025-04-01T00:00:00.000Z'];
      const seeded = Array.from({ length: 530 }, (_, i) => ({
        dialogue_id: id, kind, id: `a-${String((i * 7919) % 530).padStart(4, '0')}`, state: `{"n":${i}}`,
        status: ['open', 'closed', 'held'][i % 3]!, parent: i % 4 === 0 ? 'p-1' : null, party: i % 5 === 0 ? 'bob' : 'alice',
        date: dates[i % dates.length] ?? null, version: i, updated_at: testTime(i),
      }));
      await ctx.db().insertInto('aggregates').values(seeded).execute();
      const order = [...seeded].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id)).map((r) => r.id);
      const reader = ctx.store().aggregates;

      for (const limit of [1, 7, 100, 500]) {
        const seen: string[] = [];
        let after: string | undefined;
        for (let pages = 0; pages < 600; pages++) {
          const page = await reader.aggregates(id, kind, { limit, ...(after ? { after } : {}) });
          expect(page.length).toBeLessThanOrEqual(limit);
          seen.push(...page.map((r) => r.id));
          if (page.length < limit) break;
          after = page.at(-1)!.id;
          if (limit === 1 && pages > 40) break; // enough single steps across NULL and tied dates
        }
        expect(seen).toEqual(limit === 1 ? order.slice(0, seen.length) : order);
      }
      expect(await reader.aggregates(id, kind)).toHaveLength(100);
      expect(await reader.aggregates(id, kind, { limit: 10_000 })).toHaveLength(500);

      const matching = (query: Parameters<typeof reader.aggregates>[2], keep: (r: (typeof seeded)[number]) => boolean) =>
        expect(reader.aggregates(id, kind, { ...query, limit: 500 }).then((rows) => rows.map((r) => r.id)))
          .resolves.toEqual(order.filter((rowId) => keep(seeded.find((r) => r.id === rowId)!)).slice(0, 500));
      await matching({ status: ['open', 'held'] }, (r) => r.status !== 'closed');
      await matching({ parent: 'p-1', party: 'bob' }, (r) => r.parent === 'p-1' && r.party === 'bob');
      await matching({ dateFrom: '2025-02-01T00:00:00.000Z', dateTo: '2025-03-01T00:00:00.000Z' },
        (r) => r.date !== null && r.date >= '2025-02-01' && r.date <= '2025-03-01T00:00:00.000Z');
      const one = (await reader.aggregates(id, kind, { limit: 1 }))[0];
      expect(one).toEqual(await reader.aggregate(id, kind, one!.id));
      expect(one).toMatchObject({ dialogue: id, kind, date: null, state: { n: expect.any(Number) } });
      await expect(reader.aggregates(id, kind, { after: 'nope' })).rejects.toMatchObject({ code: 'invalid_cursor' });
      expect(await reader.aggregates(id, 'other_kind')).toEqual([]);
    });

    it('given messages in two working groups and outside any, when the latest date per parent is read, then one date per group (the floor\'s last contact)', async () => {
      const { id } = await ctx.newDialogue();
      await ctx.store().withDialogue(id, async (tx) => {
        await append(tx, alice, 'message.posted', { kind: 'informal', text: { en: 'a1' }, workingGroup: 'wg-a' }, { time: '2026-03-01T09:00:00.000Z' });
        await append(tx, bob, 'message.posted', { kind: 'informal', text: { en: 'a2' }, workingGroup: 'wg-a' }, { time: '2026-03-05T09:00:00.000Z' });
        await append(tx, alice, 'message.posted', { kind: 'informal', text: { en: 'a3' }, workingGroup: 'wg-a' }, { time: '2026-03-03T09:00:00.000Z' });
        await append(tx, bob, 'message.posted', { kind: 'informal', text: { en: 'b1' }, workingGroup: 'wg-b' }, { time: '2026-02-01T09:00:00.000Z' });
        await append(tx, alice, 'message.posted', { kind: 'informal', text: { en: 'dialogue-wide' } }, { time: '2026-04-01T09:00:00.000Z' });
      });
      const latest = await ctx.store().latestDateByParent(id, 'message');
      expect(Object.fromEntries(latest)).toEqual({ 'wg-a': '2026-03-05T09:00:00.000Z', 'wg-b': '2026-02-01T09:00:00.000Z' });
      expect((await ctx.store().latestDateByParent(id, 'meeting')).size).toBe(0);
    });
  });
}
