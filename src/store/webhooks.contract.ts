/**
 * Store contract, webhook part (the WebhookStore port), on every engine (run from
 * store.contract.ts): endpoints never cross parties; the cursor moves only from where the
 * caller saw it (so two processes enqueue an event once); an attempt is claimed once;
 * enabling the first endpoint of a dialogue starts its cursor at the end of the log.
 */
import { describe, expect, it } from 'vitest';
import type { PartyId } from '../record/index.js';
import type { NewDelivery, WebhookRecord } from '../node/webhook-ports.js';
import type { ContractContext } from './testing/contract-context.js';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
const AT = '2030-01-01T00:00:00.000Z';

export function describeWebhookContract(ctx: ContractContext): void {
  const alice = ctx.alice.record.id;
  const bob = ctx.bob.record.id;

  const webhook = (party: PartyId, enabled = true): WebhookRecord => ({
    id: unique('wh'), party, url: 'https://pager.invalid/hook', types: ['hotline.'], secret: `whsec_${unique('s')}`,
    enabled, createdBy: 'admin', createdAt: AT, updatedAt: AT,
  });
  const delivery = (hook: WebhookRecord, dialogue: string, key: string): NewDelivery => ({
    id: unique('dl'), webhook: hook.id, party: hook.party, eventKey: key, dialogue: dialogue as never, type: 'hotline.called',
    payload: '{"kind":"event"}', createdAt: AT,
  });

  describe('webhooks', () => {
    it('given endpoints of two parties, then each party reads only its own, by id and in lists', async () => {
      const { webhooks } = ctx.store();
      const mine = webhook(alice);
      const theirs = webhook(bob);
      await webhooks.createWebhook(mine);
      await webhooks.createWebhook(theirs);
      expect(await webhooks.webhook(alice, mine.id)).toEqual(mine);
      expect(await webhooks.webhook(alice, theirs.id)).toBeUndefined();
      expect((await webhooks.webhooksOf(alice)).map((w) => w.id)).toContain(mine.id);
      expect((await webhooks.webhooksOf(alice)).map((w) => w.id)).not.toContain(theirs.id);
      expect(await webhooks.updateWebhook(alice, theirs.id, { enabled: false })).toBeUndefined();
      expect(await webhooks.deleteWebhook(alice, theirs.id)).toBe(false);
      expect(await webhooks.webhook(bob, theirs.id)).toEqual(theirs);
      await webhooks.deleteWebhook(alice, mine.id);
      await webhooks.deleteWebhook(bob, theirs.id);
    });

    it('given a check that refuses, when an endpoint is updated, then nothing changes; a check that passes sees the endpoint as it was', async () => {
      const { webhooks } = ctx.store();
      const hook = webhook(alice);
      await webhooks.createWebhook(hook);
      await expect(webhooks.updateWebhook(alice, hook.id, { url: 'https://elsewhere.invalid/hook' }, () => { throw new Error('changed since read'); }))
        .rejects.toThrow('changed since read');
      expect(await webhooks.webhook(alice, hook.id)).toEqual(hook);
      const seen: string[] = [];
      const updated = await webhooks.updateWebhook(alice, hook.id, { enabled: false }, (current) => { seen.push(`${current.url} ${current.enabled}`); });
      expect(seen).toEqual([`${hook.url} true`]);
      expect(updated).toMatchObject({ id: hook.id, enabled: false });
      await webhooks.deleteWebhook(alice, hook.id);
    });

    it('given a cursor, when two enqueuers move it from the same place, then only the first inserts its deliveries', async () => {
      const { webhooks } = ctx.store();
      const dialogue = (await ctx.newDialogue()).id;
      const hook = webhook(alice);
      await webhooks.createWebhook(hook);
      // Creating the endpoint started the cursor of its party's dialogue at the end (0 here).
      expect(await webhooks.cursor(dialogue)).toBe(0);
      expect(await webhooks.enqueueEvents(dialogue, undefined, 5, [])).toBe(false);
      // A dialogue without a cursor gets one from the first enqueuer only.
      const later = (await ctx.newDialogue()).id;
      expect(await webhooks.cursor(later)).toBeUndefined();
      expect(await webhooks.enqueueEvents(later, undefined, 3, [])).toBe(true);
      expect(await webhooks.enqueueEvents(later, undefined, 4, [])).toBe(false);
      expect(await webhooks.cursor(later)).toBe(3);
      expect(await webhooks.enqueueEvents(dialogue, 0, 2, [delivery(hook, dialogue, `event:${dialogue}:0`), delivery(hook, dialogue, `event:${dialogue}:1`)])).toBe(true);
      expect(await webhooks.enqueueEvents(dialogue, 0, 2, [delivery(hook, dialogue, `event:${dialogue}:9`)])).toBe(false);
      expect(await webhooks.cursor(dialogue)).toBe(2);
      // The same event key twice for one endpoint is one delivery.
      await webhooks.enqueue([delivery(hook, dialogue, `event:${dialogue}:1`)]);
      const log = await webhooks.deliveries(alice, hook.id, { limit: 10 });
      expect(log.map((d) => d.eventKey).sort()).toEqual([`event:${dialogue}:0`, `event:${dialogue}:1`]);
      expect(await webhooks.deliveries(bob, hook.id, { limit: 10 })).toEqual([]);
      await webhooks.deleteWebhook(alice, hook.id);
    });

    it('given a due delivery, when two workers claim it, then one wins; attempts are logged and disabled endpoints wait', async () => {
      const { webhooks } = ctx.store();
      const dialogue = (await ctx.newDialogue()).id;
      const hook = webhook(bob);
      await webhooks.createWebhook(hook);
      const one = delivery(hook, dialogue, 'private:one');
      await webhooks.enqueue([one]);
      const [due] = (await webhooks.dueDeliveries(AT, 100)).filter((d) => d.id === one.id);
      expect(due).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: AT });
      expect(await webhooks.claim(one.id, AT, '2030-01-01T00:00:30.000Z')).toBe(true);
      expect(await webhooks.claim(one.id, AT, '2030-01-01T00:00:30.000Z')).toBe(false);
      await webhooks.recordAttempt(one.id, { attempt: 1, at: AT, statusCode: 503, error: 'HTTP 503' }, { status: 'pending', nextAttemptAt: '2030-01-01T00:01:00.000Z' });
      expect((await webhooks.dueDeliveries('2030-01-01T00:00:59.999Z', 100)).map((d) => d.id)).not.toContain(one.id);
      expect((await webhooks.dueDeliveries('2030-01-01T00:01:00.000Z', 100)).map((d) => d.id)).toContain(one.id);
      await webhooks.updateWebhook(bob, hook.id, { enabled: false });
      expect((await webhooks.dueDeliveries('2030-01-02T00:00:00.000Z', 100)).map((d) => d.id)).not.toContain(one.id);
      const [logged] = await webhooks.deliveries(bob, hook.id, { limit: 10 });
      expect(logged).toMatchObject({ attempts: 1, lastStatus: 503, lastError: 'HTTP 503', attemptLog: [{ attempt: 1, statusCode: 503 }] });
      expect(await webhooks.deleteWebhook(bob, hook.id)).toBe(true);
      expect(await webhooks.deliveries(bob, hook.id, { limit: 10 })).toEqual([]);
    });

    it('given no enabled endpoint in a dialogue, when the first is created, then its cursor starts at the end of the log', async () => {
      const { webhooks } = ctx.store();
      const party = ctx.alice.record.id;
      const dialogues = [await ctx.newDialogue(), await ctx.newDialogue()];
      // Every enabled endpoint of these parties is removed first, so nothing is owed.
      for (const p of [alice, bob]) for (const w of await webhooks.webhooksOf(p)) await webhooks.updateWebhook(p, w.id, { enabled: false });
      await ctx.db().insertInto('webhook_cursors').values({ dialogue_id: dialogues[0]!.id, next_index: 0 }).execute();
      await ctx.db().updateTable('logs').set({ size: 7 }).where('dialogue_id', '=', dialogues[0]!.id).execute();
      const hook = webhook(party);
      await webhooks.createWebhook(hook);
      expect(await webhooks.cursor(dialogues[0]!.id)).toBe(7);
      expect(await webhooks.cursor(dialogues[1]!.id)).toBe(0);
      // With an endpoint enabled, a second one leaves the cursor where it is (events are owed).
      await ctx.db().updateTable('logs').set({ size: 9 }).where('dialogue_id', '=', dialogues[0]!.id).execute();
      const second = webhook(bob);
      await webhooks.createWebhook(second);
      expect(await webhooks.cursor(dialogues[0]!.id)).toBe(7);
      await ctx.db().updateTable('logs').set({ size: 0 }).where('dialogue_id', '=', dialogues[0]!.id).execute();
      await webhooks.deleteWebhook(party, hook.id);
      await webhooks.deleteWebhook(bob, second.id);
    });
  });
}
