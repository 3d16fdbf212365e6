/**
 * Store contract, private-data part: accounts, sessions, API tokens, members of a party,
 * private notes, readout drafts and the audit log (the PrivateStore port), with the store's
 * transactions that audited changes run in, on every engine (run from store.contract.ts).
 * Notes, drafts and audit entries must never cross parties.
 */
import { describe, expect, it } from 'vitest';
import type { MemberId, PartyId } from '../record/index.js';
import type { AuditEntry, ReadoutDraftRecord } from '../node/private-ports.js';
import type { ContractContext } from './testing/contract-context.js';

let counter = 0;
/** A unique id per call, so parts of the suite never collide in the shared database. */
function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export function describePrivateContract(ctx: ContractContext): void {
  const alice = ctx.alice.record.id;
  const bob = ctx.bob.record.id;

  async function newMember(party: PartyId, name = 'Ana'): Promise<MemberId> {
    const id = unique('m') as MemberId;
    await ctx.store().putMember({ id, party, name, roles: ['delegate'] });
    return id;
  }

  describe('private data', () => {
    it('given a member, when a password hash is set twice, then the latest is kept; unknown members have none', async () => {
      const { privates } = ctx.store();
      const member = await newMember(alice);
      expect(await privates.passwordHash(member)).toBeUndefined();
      await privates.setPasswordHash(member, 'scrypt$1', '2025-01-01T00:00:00.000Z');
      await privates.setPasswordHash(member, 'scrypt$2', '2025-01-02T00:00:00.000Z');
      expect(await privates.passwordHash(member)).toBe('scrypt$2');
      expect(await privates.passwordHash('m-none' as MemberId)).toBeUndefined();
    });

    it('given sessions of two members, when one is deleted and then all of a member, then only those go', async () => {
      const { privates } = ctx.store();
      const [ana, ben] = [await newMember(alice), await newMember(alice, 'Ben')];
      const session = (idHash: string, member: MemberId) => ({ idHash, member, createdAt: '2025-01-01T00:00:00.000Z', expiresAt: '2025-01-02T00:00:00.000Z' });
      const [s1, s2, s3] = [unique('h'), unique('h'), unique('h')];
      await privates.createSession(session(s1, ana));
      await privates.createSession(session(s2, ana));
      await privates.createSession(session(s3, ben));
      expect(await privates.session(s1)).toEqual(session(s1, ana));
      expect(await privates.deleteSession(s1)).toBe(true);
      expect(await privates.session(s1)).toBeUndefined();
      expect(await privates.deleteSession(s1)).toBe(false);
      await privates.deleteSessionsOf(ana);
      expect(await privates.session(s2)).toBeUndefined();
      expect(await privates.session(s3)).toEqual(session(s3, ben));
    });

    it('given API tokens, when revoked twice and touched, then the first revocation and the last use are kept', async () => {
      const { privates } = ctx.store();
      const member = await newMember(bob);
      const token = {
        id: unique('t'), member, name: 'ci', secretHash: 'ab'.repeat(32), scopes: ['read', 'write'] as const,
        createdAt: '2025-01-01T00:00:00.000Z', revokedAt: null, lastUsedAt: null,
      };
      const later = { ...token, id: unique('t'), name: 'laptop', scopes: ['read'] as const, createdAt: '2025-01-05T00:00:00.000Z' };
      await privates.createToken(later);
      await privates.createToken(token);
      expect(await privates.token(token.id)).toEqual(token);
      expect(await privates.tokensOf(member)).toEqual([token, later]);
      await privates.touchToken(token.id, '2025-01-03T00:00:00.000Z');
      expect(await privates.revokeToken(token.id, '2025-01-04T00:00:00.000Z')).toBe(true);
      expect(await privates.revokeToken(token.id, '2025-01-09T00:00:00.000Z')).toBe(false);
      // Of two concurrent revocations of one token, one revokes it.
      expect((await Promise.all([later.id, later.id].map((id) => privates.revokeToken(id, '2025-01-05T00:00:00.000Z')))).filter(Boolean)).toHaveLength(1);
      expect(await privates.token(token.id)).toEqual({ ...token, lastUsedAt: '2025-01-03T00:00:00.000Z', revokedAt: '2025-01-04T00:00:00.000Z' });
      await expect(privates.createToken(token)).rejects.toThrow();
      expect(await privates.token('t-none')).toBeUndefined();
      expect(await privates.tokensOf('m-none' as MemberId)).toEqual([]);
    });

    it('given members of two parties, when one changes roles, then membersOf lists only that party, updated', async () => {
      const carol = { ...ctx.alice.record, id: unique('party') as PartyId };
      const store = ctx.store();
      await store.putParty(carol);
      const zoe = await newMember(carol.id, 'Zoe');
      const abe = await newMember(carol.id, 'Abe');
      await newMember(bob, 'Other');
      await store.putMember({ id: zoe, party: carol.id, name: 'Zoe', roles: ['principal', 'admin'] });
      expect(await store.privates.membersOf(carol.id)).toEqual([
        { id: abe, party: carol.id, name: 'Abe', roles: ['delegate'] },
        { id: zoe, party: carol.id, name: 'Zoe', roles: ['principal', 'admin'] },
      ]);
    });

    it('given audit entries of two parties, when one party reads, then it gets only its own, last written first, filtered and paged', async () => {
      const carol = { ...ctx.alice.record, id: unique('party') as PartyId };
      const store = ctx.store();
      await store.putParty(carol);
      const entry = (at: string, changes: Partial<AuditEntry> = {}): AuditEntry => ({
        id: unique('a'), party: carol.id, actor: 'carol-admin' as MemberId, action: 'member.changed', target: 'carol-ana',
        detail: { roles: { before: ['delegate'], after: ['delegate', 'principal'] }, note: null }, at, ...changes,
      });
      const first = entry('2025-01-01T09:00:00.000Z', { action: 'member.added', detail: { name: 'Ana', roles: ['delegate'] } });
      const second = entry('2025-01-02T09:00:00.000Z');
      const third = entry('2025-01-03T09:00:00.000Z', { actor: 'carol-other' as MemberId, action: 'webhook.created', target: 'hook-1', detail: { url: 'https://x.invalid/' } });
      // The same instant as the third, written after it: shown before it, whatever the ids.
      const fourth = entry('2025-01-03T09:00:00.000Z', { id: `0-${unique('a')}`, action: 'token.created', detail: { token: 't1', name: 'ci', scopes: ['read'] } });
      for (const e of [first, second]) await store.privates.appendAudit(e);
      await store.privates.appendAudit({ ...entry('2025-01-02T10:00:00.000Z'), party: bob });
      for (const e of [third, fourth]) await store.privates.appendAudit(e);

      const all = await store.privates.auditEntries(carol.id, { limit: 10 });
      expect(all).toEqual([fourth, third, second, first]);
      expect(await store.privates.auditEntries(carol.id, { limit: 10, action: 'member.changed' })).toEqual([second]);
      expect(await store.privates.auditEntries(carol.id, { limit: 10, actor: 'carol-other' as MemberId })).toEqual([third]);
      expect(await store.privates.auditEntries(carol.id, { limit: 10, target: 'carol-ana' })).toEqual([fourth, second, first]);
      expect(await store.privates.auditEntries(carol.id, { limit: 10, from: '2025-01-02T00:00:00.000Z', to: '2025-01-02T23:59:59.999Z' })).toEqual([second]);

      // Pages of two: the cursor is the last id of a page, and entries of one instant are not lost.
      const page1 = await store.privates.auditEntries(carol.id, { limit: 2 });
      const page2 = await store.privates.auditEntries(carol.id, { limit: 2, after: page1.at(-1)!.id });
      expect([...page1, ...page2]).toEqual(all);
      expect(await store.privates.auditEntries(carol.id, { limit: 2, after: first.id })).toEqual([]);
      // Another party's entry id is no cursor here, as an unknown one.
      const [bobs] = await store.privates.auditEntries(bob, { limit: 1 });
      await expect(store.privates.auditEntries(carol.id, { limit: 2, after: bobs!.id })).rejects.toMatchObject({ code: 'invalid_cursor' });
      await expect(store.privates.auditEntries(carol.id, { limit: 2, after: 'a-none' })).rejects.toMatchObject({ code: 'invalid_cursor' });
      await expect(store.privates.appendAudit(first)).rejects.toThrow();
    });

    it('given a change and its audit entry in one transaction, when it fails, then neither is kept and its after-commit effects never run', async () => {
      const store = ctx.store();
      const member = await newMember(alice, 'Ana');
      const entry = (id: string): AuditEntry => ({
        id, party: alice, actor: 'm-admin' as MemberId, action: 'member.changed', target: member,
        detail: { name: { before: 'Ana', after: 'Anna' } }, at: '2025-02-01T00:00:00.000Z',
      });
      const effects: string[] = [];
      const failed = unique('a');
      await expect(store.transaction(async () => {
        await store.putMember({ id: member, party: alice, name: 'Anna', roles: ['delegate'] });
        await store.privates.appendAudit(entry(failed));
        store.afterCommit(() => effects.push('failed'));
        throw new Error('refused after writing');
      })).rejects.toThrow('refused after writing');
      expect((await store.member(member))?.name).toBe('Ana');
      expect((await store.privates.auditEntries(alice, { limit: 500, target: member }))).toEqual([]);
      expect(effects).toEqual([]);

      const kept = unique('a');
      await store.transaction(async () => {
        await store.putMember({ id: member, party: alice, name: 'Anna', roles: ['delegate'] });
        await store.privates.appendAudit(entry(kept));
        store.afterCommit(() => effects.push('committed'));
        expect(effects).toEqual([]);
      });
      expect(effects).toEqual(['committed']);
      expect((await store.member(member))?.name).toBe('Anna');
      expect((await store.privates.auditEntries(alice, { limit: 500, target: member })).map((e) => e.id)).toEqual([kept]);
      store.afterCommit(() => effects.push('outside'));
      expect(effects).toEqual(['committed', 'outside']);

      // One effect failing after the commit neither skips the next nor fails the committed change.
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(warning.message);
      process.on('warning', onWarning);
      try {
        await expect(store.transaction(async () => {
          store.afterCommit(() => { throw new Error('listener broke'); });
          store.afterCommit(() => effects.push('after the broken one'));
          return 'committed';
        })).resolves.toBe('committed');
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.off('warning', onWarning);
      }
      expect(effects.at(-1)).toBe('after the broken one');
      expect(warnings.some((w) => w.includes('listener broke'))).toBe(true);
    });

    it('given two admins demoting each other at once, when each reads the members locked first, then the second sees the first and keeps its admin', async () => {
      const carol = { ...ctx.alice.record, id: unique('party') as PartyId };
      const store = ctx.store();
      await store.putParty(carol);
      const [ana, ben] = [unique('m') as MemberId, unique('m') as MemberId];
      for (const id of [ana, ben]) await store.putMember({ id, party: carol.id, name: id, roles: ['admin'] });
      const demote = (other: MemberId) => store.transaction(async () => {
        const admins = (await store.privates.lockMembersOf(carol.id)).filter((m) => m.roles.includes('admin'));
        // Both transactions have started before either writes.
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (admins.length < 2) return false;
        await store.putMember({ id: other, party: carol.id, name: other, roles: ['observer'] });
        return true;
      });
      const demoted = await Promise.all([demote(ben), demote(ana)]);
      expect(demoted.filter(Boolean)).toHaveLength(1);
      const members = await store.privates.membersOf(carol.id);
      expect(members.filter((m) => m.roles.includes('admin'))).toHaveLength(1);
    });

    it('given notes of two parties, when one party reads, then it gets only its own, by subject, oldest first', async () => {
      const { privates } = ctx.store();
      const { id: dialogue } = await ctx.newDialogue();
      const { id: elsewhere } = await ctx.newDialogue();
      const note = (party: PartyId, subject: string, createdAt: string, dialogueId = dialogue) => ({
        id: unique('n'), party, dialogue: dialogueId, author: 'm-a' as MemberId, subject, text: { en: `on ${subject}`, fr: 'note' }, createdAt,
      });
      const late = note(alice, 'e-1', '2025-01-03T00:00:00.000Z');
      const early = note(alice, 'e-1', '2025-01-01T00:00:00.000Z');
      const other = note(alice, 'wg-2', '2025-01-02T00:00:00.000Z');
      for (const n of [late, early, other, note(bob, 'e-1', '2025-01-01T00:00:00.000Z'), note(alice, 'e-1', '2025-01-01T00:00:00.000Z', elsewhere)]) {
        await privates.addPrivateNote(n);
      }
      expect(await privates.privateNotes(alice, dialogue)).toEqual([early, other, late]);
      expect(await privates.privateNotes(alice, dialogue, 'e-1')).toEqual([early, late]);
      expect((await privates.privateNotes(bob, dialogue)).map((n) => n.party)).toEqual(['bob']);
      expect(await privates.privateNotes('nobody' as PartyId, dialogue)).toEqual([]);
    });

    it('given a draft, when saved with the expected version, then the version moves on; a stale version, another party or a second create is refused', async () => {
      const { privates } = ctx.store();
      const { id: dialogue } = await ctx.newDialogue();
      const draft = {
        id: unique('r'), party: alice, dialogue, meeting: 'mt-1', author: 'm-a' as MemberId,
        content: '{"summary":{"en":"v1"}}', updatedAt: '2025-01-01T00:00:00.000Z',
      };
      expect(await privates.saveReadoutDraft(draft, 0)).toBe(1);
      expect(await privates.saveReadoutDraft({ ...draft, content: 'again' }, 0)).toBeUndefined();
      const second = { ...draft, content: '{"summary":{"en":"v2"}}', updatedAt: '2025-01-02T00:00:00.000Z' };
      expect(await privates.saveReadoutDraft(second, 1)).toBe(2);
      expect(await privates.saveReadoutDraft({ ...draft, content: 'stale' }, 1)).toBeUndefined();
      expect(await privates.saveReadoutDraft({ ...second, party: bob }, 2)).toBeUndefined();
      expect(await privates.saveReadoutDraft({ ...second, content: 'ahead' }, 3)).toBeUndefined();
      const stored: ReadoutDraftRecord = { ...second, version: 2 };
      expect(await privates.readoutDraft(alice, draft.id)).toEqual(stored);
      expect(await privates.readoutDraft(bob, draft.id)).toBeUndefined();

      // Each party has its own ids: Bob's draft of the same id neither collides with Alice's
      // nor reveals that hers exists.
      const bobsSameId = { ...draft, party: bob, content: '{"summary":{"en":"bob"}}' };
      expect(await privates.saveReadoutDraft(bobsSameId, 0)).toBe(1);
      expect(await privates.readoutDraft(bob, draft.id)).toEqual({ ...bobsSameId, version: 1 });
      expect(await privates.readoutDraft(alice, draft.id)).toEqual(stored);
      await privates.deleteReadoutDraft(bob, draft.id);

      const bobs = { ...draft, id: unique('r'), party: bob };
      await privates.saveReadoutDraft(bobs, 0);
      expect(await privates.readoutDrafts(alice, dialogue)).toEqual([stored]);
      expect((await privates.readoutDrafts(bob, dialogue)).map((d) => d.id)).toEqual([bobs.id]);
      await privates.deleteReadoutDraft(bob, draft.id);
      expect(await privates.readoutDraft(alice, draft.id)).toEqual(stored);
      await privates.deleteReadoutDraft(alice, draft.id);
      expect(await privates.readoutDraft(alice, draft.id)).toBeUndefined();
    });

    it('given two saves racing with the same expected version, then exactly one wins, for creating and for updating', async () => {
      const { privates } = ctx.store();
      const { id: dialogue } = await ctx.newDialogue();
      for (let round = 0; round < 5; round++) {
        const draft = {
          id: unique('r'), party: alice, dialogue, meeting: 'mt-1', author: 'm-a' as MemberId, content: 'base', updatedAt: testNow(round),
        };
        const creates = await Promise.all(['x', 'y'].map((content) => privates.saveReadoutDraft({ ...draft, content }, 0)));
        expect(creates.filter((v) => v !== undefined)).toEqual([1]);
        const updates = await Promise.all(['a', 'b', 'c'].map((content) => privates.saveReadoutDraft({ ...draft, content }, 1)));
        expect(updates.filter((v) => v !== undefined)).toEqual([2]);
        const winner = ['a', 'b', 'c'][updates.findIndex((v) => v === 2)];
        expect(await privates.readoutDraft(alice, draft.id)).toMatchObject({ version: 2, content: winner });
      }
    });
  });
}

function testNow(n: number): string {
  return new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString();
}
