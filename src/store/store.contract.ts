/**
 * The Store contract: one suite every engine must pass (run by sqlite.int.test.ts and
 * postgres.int.test.ts against real databases; no mocks). The record and messages are
 * tested here; aggregates and private data in the sibling *.contract.ts parts it runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompactTree, buildConsistencyProof, buildInclusionProof, consistencyProofIds, hashLeaf, inclusionProofIds,
  completeSignature, leafDataOf, lookupFromMap, nextChainFields, prepareEvent, verifyConsistency, verifyInclusion,
  type ChainHeads, type DialogueId, type EventId, type MemberId,
} from '../record/index.js';
import type { DialogueRecord } from '../node/ports.js';
import { describeAggregateContract } from './aggregates.contract.js';
import type { StoreConnection } from './capabilities.js';
import { StoreError } from './errors.js';
import { describeInboxContract } from './inbox.contract.js';
import { describeOrderContract } from './order.contract.js';
import { describePrivateContract } from './privates.contract.js';
import { describeSchedulingContract } from './scheduling.contract.js';
import { describeWebhookContract } from './webhooks.contract.js';
import { describePeerContract } from './peers.contract.js';
import { SqlStore } from './sql-store.js';
import { countingStatements, type ContractContext } from './testing/contract-context.js';
import { nextEvent, nextEvents, testParty, testTime } from './testing/signed-events.js';
import { checkLog } from './testing/check-log.js';

export interface StoreFixture {
  /** A connection to a fresh, unmigrated database. */
  connect(): Promise<StoreConnection>;
  teardown?(): Promise<void>;
}

const alice = testParty('alice');
const bob = testParty('bob');
let dialogueCounter = 0;

export function describeStoreContract(name: string, fixture: StoreFixture): void {
  describe(`Store contract: ${name}`, () => {
    let store: SqlStore;
    let connection: StoreConnection;
    let statements: () => number = () => 0;

    beforeAll(async () => {
      connection = await fixture.connect();
      const counting = countingStatements(connection);
      statements = counting.count;
      store = new SqlStore(counting.connection);
      await store.migrate();
      await store.putParty(alice.record);
      await store.putParty(bob.record);
    });
    afterAll(async () => {
      await store?.close();
      await fixture.teardown?.();
    });

    async function newDialogue(): Promise<DialogueRecord> {
      dialogueCounter += 1;
      const record: DialogueRecord = {
        id: `d-${dialogueCounter}-${Math.random().toString(36).slice(2, 8)}` as DialogueId,
        title: { en: 'Talks', fr: 'Pourparlers' },
        parties: [bob.record.id, alice.record.id],
        createdAt: `2025-01-01T00:00:00.${String(dialogueCounter).padStart(3, '0')}Z`,
      };
      await store.createDialogue(record);
      return record;
    }

    const context: ContractContext = {
      store: () => store, db: () => connection.db, statements: () => statements(), newDialogue, alice, bob,
    };
    describeAggregateContract(context);
    describeOrderContract(context);
    describeInboxContract(context);
    describePrivateContract(context);
    describeSchedulingContract(context);
    describeWebhookContract(context);
    describePeerContract(context);

    async function snapshot(dialogue: DialogueId) {
      const log = await store.log(dialogue);
      return {
        log, events: await store.events(dialogue, 0, 10_000), messages: await store.projections.messages(dialogue),
        heads: await store.withDialogue(dialogue, (tx) => tx.heads()),
        nodes: await store.merkleNodes(dialogue, [{ level: 0, index: log.size }, { level: 1, index: Math.floor(log.size / 2) }]),
      };
    }

    it('migrates twice without change', async () => {
      await store.migrate();
      await store.migrate();
      expect(await store.party(alice.record.id)).toEqual(alice.record);
    });

    it('round-trips parties and members, updating on put', async () => {
      const carol = testParty('carol');
      await store.putParty(carol.record);
      expect(await store.party(carol.record.id)).toEqual(carol.record);
      await store.putParty({ ...carol.record, name: { en: 'Carol', zh: '卡罗尔' } });
      expect((await store.party(carol.record.id))?.name).toEqual({ en: 'Carol', zh: '卡罗尔' });
      expect((await store.parties()).map((p) => p.id)).toEqual(expect.arrayContaining(['alice', 'bob', 'carol']));
      expect(await store.party('nobody' as never)).toBeUndefined();

      const member = { id: 'm-1' as MemberId, party: carol.record.id, name: 'Ana', roles: ['delegate', 'notetaker'] as const };
      await store.putMember(member);
      expect(await store.member(member.id)).toEqual(member);
      await store.putMember({ ...member, roles: ['principal'] });
      expect((await store.member(member.id))?.roles).toEqual(['principal']);
      expect(await store.member('m-none' as MemberId)).toBeUndefined();

      // Compare-and-set: the replacement applies only over the member as it was read.
      const read = (await store.member(member.id))!;
      expect(await store.replaceMember(read, { ...read, roles: ['principal', 'admin'] })).toBe(true);
      expect(await store.replaceMember(read, { ...read, name: 'Ana (stale edit)' })).toBe(false);
      expect(await store.member(member.id)).toEqual({ ...read, roles: ['principal', 'admin'] });

      // Creating refuses a taken id, and of two concurrent creations exactly one wins.
      expect(await store.createMember({ ...member, name: 'Impostor' })).toBe(false);
      expect((await store.member(member.id))?.name).toBe('Ana');
      const racing = [{ ...member, id: 'm-2' as MemberId, name: 'First' }, { ...member, id: 'm-2' as MemberId, name: 'Second', roles: ['admin'] as const }];
      const won = await Promise.all(racing.map((m) => store.createMember(m)));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect((await store.member('m-2' as MemberId))?.name).toBe(won[0] ? 'First' : 'Second');
    });

    it('round-trips dialogues with parties in listed order and refuses a duplicate', async () => {
      const dialogue = await newDialogue();
      expect(await store.dialogue(dialogue.id)).toEqual(dialogue);
      expect(await store.dialogues()).toContainEqual(dialogue);
      expect(await store.log(dialogue.id)).toEqual({ size: 0, root: new CompactTree().root() });
      await expect(store.createDialogue(dialogue)).rejects.toMatchObject({ code: 'dialogue_exists' });
      expect(await store.dialogue('d-none' as DialogueId)).toBeUndefined();
      await expect(store.withDialogue('d-none' as DialogueId, async () => 1)).rejects.toMatchObject({ code: 'dialogue_not_found' });
    });

    it('appends with consecutive indexes, heads, root, and Merkle nodes that prove', async () => {
      const { id } = await newDialogue();
      const signed: { event: ReturnType<typeof nextEvent>['event']; id: EventId }[] = [];
      const sizes: number[] = [];
      for (const batch of [1, 2, 5, 1, 8, 13]) {
        const stored = await store.withDialogue(id, async (tx) => {
          const first = nextEvents(alice, id, await tx.heads(), Math.ceil(batch / 2));
          const a = await tx.append(first);
          const second = nextEvents(bob, id, await tx.heads(), Math.floor(batch / 2));
          return [...a, ...(await tx.append(second))];
        });
        signed.push(...stored.map(({ event, id: eventId }) => ({ event, id: eventId })));
        sizes.push(signed.length);
        expect(stored.map((s) => s.index)).toEqual(stored.map((_, i) => signed.length - stored.length + i));
      }
      const tree = new CompactTree();
      for (const { event } of signed) tree.appendLeaf(hashLeaf(leafDataOf(event)));
      const log = await store.log(id);
      expect(log.size).toBe(signed.length);
      expect(log.root.equals(tree.root())).toBe(true);

      const stored = await store.events(id, 0, 1000);
      // Every event saw the one before it, so each clock is one more than the last.
      expect(stored).toEqual(signed.map(({ event, id: eventId }, index) => ({ index, id: eventId, clock: index + 1, event })));
      expect((await store.events(id, 3, 2)).map((s) => s.index)).toEqual([3, 4]);

      const heads = await store.withDialogue(id, (tx) => tx.heads());
      const lastOf = (party: string) => signed.filter((s) => s.event.party === party).at(-1);
      expect(heads.get(alice.record.id)).toEqual({ seq: lastOf('alice')?.event.seq, id: lastOf('alice')?.id });
      expect(heads.get(bob.record.id)).toEqual({ seq: lastOf('bob')?.event.seq, id: lastOf('bob')?.id });

      for (let index = 0; index < log.size; index++) {
        const nodes = await store.merkleNodes(id, inclusionProofIds(index, log.size));
        const proof = buildInclusionProof(index, log.size, lookupFromMap(nodes));
        verifyInclusion(index, log.size, hashLeaf(leafDataOf(signed[index]!.event)), proof, log.root);
      }
      const earlier = new CompactTree();
      for (const { event } of signed.slice(0, sizes[2])) earlier.appendLeaf(hashLeaf(leafDataOf(event)));
      const nodes = await store.merkleNodes(id, consistencyProofIds(sizes[2]!, log.size));
      verifyConsistency(sizes[2]!, log.size, buildConsistencyProof(sizes[2]!, log.size, lookupFromMap(nodes)), earlier.root(), log.root);
    });

    it('given a store that appended, when another store on the same database appends and a transaction rolls back, then the first store appends after them from what the log holds', async () => {
      const { id } = await newDialogue();
      const append = (on: SqlStore, count: number) => on.withDialogue(id, async (tx) => tx.append(nextEvents(alice, id, await tx.heads(), count)));
      await append(store, 3);
      // Another writer (another process, in production): the first store's kept frontier and heads are stale now.
      const other = new SqlStore(connection);
      await append(other, 2);
      await append(store, 2);
      // A rolled-back transaction leaves no trace in what the next one starts from.
      await expect(store.withDialogue(id, async (tx) => {
        await tx.append(nextEvents(alice, id, await tx.heads(), 4));
        throw new Error('abandoned');
      })).rejects.toThrow('abandoned');
      await append(other, 1);
      await append(store, 1);

      const events = await checkLog(store, id);
      expect(events.map((e) => e.event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect((await other.log(id)).root.equals((await store.log(id)).root)).toBe(true);
    });

    it('appends events whose signatures arrive later, in log order, the root and rows made once they are there', async () => {
      const { id } = await newDialogue();
      await store.withDialogue(id, async (tx) => tx.append(nextEvents(bob, id, await tx.heads(), 1)));
      const stored = await store.withDialogue(id, async (tx) => {
        const heads = new Map(await tx.heads());
        const prepared = [0, 1, 2].map((i) => {
          const chain = nextChainFields(alice.record.id, heads);
          const one = prepareEvent({ v: 1, dialogue: id, party: alice.record.id, member: null, ...chain, time: testTime(10 + i), type: 'message.posted' },
            { kind: 'informal', text: { en: `late signature ${i}` } });
          heads.set(alice.record.id, { seq: chain.seq, id: one.id });
          return one;
        });
        // Signatures settle in reverse order, after the appends; the first also after a read.
        const gates = prepared.map(() => {
          let resolve = () => {};
          const promise = new Promise<void>((done) => { resolve = done; });
          return { promise, resolve };
        });
        const appended = await tx.append(prepared.map((one, i) => ({ event: one.event, id: one.id, signed: gates[i]!.promise })));
        expect(appended.map((e) => e.index)).toEqual([1, 2, 3]);
        expect((await tx.aggregates.aggregate(id, 'message', prepared[0]!.id))?.state).toMatchObject({ text: { en: 'late signature 0' } });
        const log = tx.log();
        for (const i of [2, 1, 0]) {
          completeSignature(prepared[i]!, alice.key.sign(prepared[i]!.input));
          gates[i]!.resolve();
          await new Promise((resolve) => setImmediate(resolve));
        }
        expect((await log).size).toBe(4);
        return appended;
      });
      const checked = await checkLog(store, id);
      expect(checked.slice(1).map((e) => e.id)).toEqual(stored.map((e) => e.id));
    });

    it('rolls back, storing nothing, when a signature fails or never came', async () => {
      const { id } = await newDialogue();
      await store.withDialogue(id, async (tx) => tx.append(nextEvents(alice, id, await tx.heads(), 2)));
      const before = await snapshot(id);
      const prepare = (heads: ChainHeads) => prepareEvent({
        v: 1, dialogue: id, party: alice.record.id, member: null, ...nextChainFields(alice.record.id, heads), time: testTime(9), type: 'message.posted',
      }, { kind: 'informal', text: { en: 'never signed' } });
      await expect(store.withDialogue(id, async (tx) => {
        const one = prepare(await tx.heads());
        await tx.append([{ event: one.event, id: one.id, signed: Promise.reject(new Error('signer gone')) }]);
      })).rejects.toThrow('signer gone');
      expect(await snapshot(id)).toEqual(before);
      await expect(store.withDialogue(id, async (tx) => {
        const one = prepare(await tx.heads());
        await tx.append([{ event: one.event, id: one.id }]);
      })).rejects.toMatchObject({ code: 'event_unsigned' });
      expect(await snapshot(id)).toEqual(before);
    });

    it('rolls back everything when the work fails after appending', async () => {
      const { id } = await newDialogue();
      await store.withDialogue(id, async (tx) => tx.append(nextEvents(alice, id, await tx.heads(), 3)));
      const before = await snapshot(id);
      await expect(store.withDialogue(id, async (tx) => {
        await tx.append(nextEvents(alice, id, await tx.heads(), 2));
        await tx.append(nextEvents(bob, id, await tx.heads(), 2));
        expect((await tx.log()).size).toBe(7);
        expect((await store.log(id)).size).toBe(7); // a store call inside the work joins its transaction
        throw new Error('boom');
      })).rejects.toThrow('boom');
      expect(await snapshot(id)).toEqual(before);
    });

    it('refuses a duplicate (party, seq), a duplicate id and a broken chain, and rolls back', async () => {
      const { id } = await newDialogue();
      const heads = await store.withDialogue(id, (tx) => tx.heads());
      const first = nextEvent(alice, id, heads, { body: { kind: 'informal', text: { en: 'one' } } });
      const rival = nextEvent(alice, id, heads, { body: { kind: 'informal', text: { en: 'other' } } });
      await store.withDialogue(id, (tx) => tx.append([first]));
      const before = await snapshot(id);
      await expect(store.withDialogue(id, (tx) => tx.append([rival]))).rejects.toMatchObject({ code: 'duplicate_event' });
      await expect(store.withDialogue(id, (tx) => tx.append([first]))).rejects.toMatchObject({ code: 'duplicate_event' });
      const gap = nextEvents(alice, id, new Map([[alice.record.id, { seq: 5, id: first.id }]]), 1);
      await expect(store.withDialogue(id, (tx) => tx.append(gap))).rejects.toMatchObject({ code: 'chain_broken' });
      // Work that swallows the append's error still rolls back: the transaction is spoilt.
      const next = nextEvents(bob, id, await store.withDialogue(id, (tx) => tx.heads()), 1);
      const caught = await store.withDialogue(id, async (tx) => {
        await tx.append(next);
        await tx.append([rival]).catch(() => undefined);
        return 'swallowed';
      }).catch((error: unknown) => error);
      expect(caught).toBeInstanceOf(StoreError);
      expect(caught).toMatchObject({ code: 'transaction_aborted' });
      expect(await snapshot(id)).toEqual(before);
    });

    it('stores a withheld body as NULL and returns the event without body', async () => {
      const { id } = await newDialogue();
      const { event, id: eventId } = nextEvent(alice, id, new Map());
      const { body: _body, ...withheld } = event;
      await store.withDialogue(id, (tx) => tx.append([{ event: withheld, id: eventId }]));
      const [stored] = await store.events(id, 0, 10);
      expect(stored).toEqual({ index: 0, id: eventId, clock: 1, event: withheld });
      expect(stored && 'body' in stored.event).toBe(false);
      expect((await store.projections.message(id, eventId))?.text).toBeNull();
      const tree = new CompactTree();
      tree.appendLeaf(hashLeaf(leafDataOf(event)));
      expect((await store.log(id)).root.equals(tree.root())).toBe(true);
    });

    it('projects posted messages, ignores other types, and rebuilds identical rows', async () => {
      const { id } = await newDialogue();
      const stored = await store.withDialogue(id, async (tx) => {
        const a = await tx.append([nextEvent(alice, id, await tx.heads(), {
          member: 'm-a' as MemberId, body: { kind: 'formal_note', text: { en: 'Note', zh: '照会' } },
        })]);
        const b = await tx.append([nextEvent(bob, id, await tx.heads(), { type: 'test.unprojected', body: { at: 'x' } })]);
        const c = await tx.append(nextEvents(bob, id, await tx.heads(), 3));
        expect((await tx.projections.messages(id)).length).toBe(4); // visible inside the transaction
        return [...a, ...b, ...c];
      });
      const messages = await store.projections.messages(id);
      expect(messages.map((m) => m.index)).toEqual([0, 2, 3, 4]);
      expect(messages[0]).toEqual({
        id: stored[0]!.id, index: 0, dialogue: id, party: 'alice', member: 'm-a',
        time: stored[0]!.event.time, kind: 'formal_note', text: { en: 'Note', zh: '照会' },
      });
      expect(messages[1]).toMatchObject({ party: 'bob', member: null, kind: 'informal', text: { en: 'message 2 from bob' } });
      expect(await store.projections.message(id, stored[1]!.id)).toBeUndefined();
      expect((await store.projections.messages(id, { afterIndex: 2, limit: 1 })).map((m) => m.index)).toEqual([3]);

      await store.rebuildProjections(id);
      expect(await store.projections.messages(id)).toEqual(messages);
    });

    it('rebuilds a large dialogue with the secondary indexes dropped and built again, where the engine allows it', async () => {
      const { id } = await newDialogue();
      await store.withDialogue(id, async (tx) => tx.append(nextEvents(alice, id, await tx.heads(), 12)));
      const tables = ['messages', 'aggregates'];
      const indexes = async () => (await connection.capabilities.secondaryIndexes?.(connection.db, tables)) ?? [];
      const before = { messages: await store.projections.messages(id), indexes: await indexes() };
      if (connection.capabilities.secondaryIndexes) expect(before.indexes.map((index) => index.name)).toEqual(expect.arrayContaining(['aggregates_date', 'aggregates_status']));
      await store.rebuildProjections(id, { deferIndexesFromEvents: 1 });

      expect(await store.projections.messages(id)).toEqual(before.messages);
      expect(await indexes()).toEqual(before.indexes);
    });

    it('round-trips checkpoints and rejections', async () => {
      const { id } = await newDialogue();
      expect(await store.latestCheckpoint(id)).toBeUndefined();
      await store.putCheckpoint(id, { size: 2, note: 'note 2\n' });
      await store.putCheckpoint(id, { size: 10, note: 'note 10\n' });
      await store.putCheckpoint(id, { size: 5, note: 'note 5\n' });
      expect(await store.latestCheckpoint(id)).toEqual({ size: 10, note: 'note 10\n' });
      expect(await store.checkpointAt(id, 5)).toEqual({ size: 5, note: 'note 5\n' });
      await store.putCheckpoint(id, { size: 5, note: 'note 5 cosigned\n' });
      expect(await store.checkpointAt(id, 5)).toEqual({ size: 5, note: 'note 5 cosigned\n' });
      expect(await store.checkpointAt(id, 6)).toBeUndefined();

      const rejection = { dialogue: id, source: 'peer-b', reason: 'bad_signature', payload: '{"v":1}', time: '2025-01-01T00:00:00.000Z' };
      await store.recordRejection(rejection);
      await store.recordRejection({ ...rejection, reason: 'chain_broken' });
      await store.recordRejection({ ...rejection, dialogue: 'elsewhere' as DialogueId });
      expect(await store.rejections(id)).toEqual([rejection, { ...rejection, reason: 'chain_broken' }]);
    });

    it('adds no row for an event from one peer refused again for the same reason while its row is open', async () => {
      const { id } = await newDialogue();
      const base = { dialogue: id, source: 'peer-b', payload: '{"v":1}', time: '2025-01-01T00:00:00.000Z' };
      expect(await store.recordRejection({ ...base, reason: 'signature_invalid' })).toBe(true);
      expect(await store.recordRejection({ ...base, reason: 'signature_invalid', time: '2025-01-02T00:00:00.000Z' })).toBe(false);
      // Another reason, another payload, another peer: rows of their own.
      expect(await store.recordRejection({ ...base, reason: 'pending_full: 1' })).toBe(true);
      expect(await store.recordRejection({ ...base, reason: 'signature_invalid', payload: '{"v":2}' })).toBe(true);
      expect(await store.recordRejection({ ...base, reason: 'signature_invalid', source: 'peer-c' })).toBe(true);
      expect((await store.openRejections(id)).map((r) => [r.payload, r.reason, r.source])).toEqual([
        ['{"v":1}', 'signature_invalid', 'peer-b'], ['{"v":1}', 'pending_full: 1', 'peer-b'], ['{"v":2}', 'signature_invalid', 'peer-b'],
        ['{"v":1}', 'signature_invalid', 'peer-c'],
      ]);
      // Once resolved, the same refusal is news again.
      const [first] = await store.openRejections(id);
      await store.resolveRejections(id, [first!.row], 'rejected', '2025-01-03T00:00:00.000Z');
      expect(await store.recordRejection({ ...base, reason: 'signature_invalid' })).toBe(true);
      expect(await store.rejections(id)).toHaveLength(5);
    });

    it('keeps a refusal open until a retry resolves it, and never resolves one twice', async () => {
      const { id } = await newDialogue();
      const { id: other } = await newDialogue();
      const base = { dialogue: id, source: 'peer-b', payload: '{"v":1}', time: '2025-01-01T00:00:00.000Z' };
      for (const reason of ['type_unknown: x.y', 'party_key_unknown: p', 'pending_full: 1']) await store.recordRejection({ ...base, reason });
      await store.recordRejection({ ...base, dialogue: other, reason: 'type_unknown: x.y' });
      const open = await store.openRejections(id);
      expect(open.map((r) => r.reason)).toEqual(['type_unknown: x.y', 'party_key_unknown: p', 'pending_full: 1']);
      expect((await store.openRejections(id, { newest: 2 })).map((r) => r.reason)).toEqual(['party_key_unknown: p', 'pending_full: 1']);
      expect(await store.openRejectionCount(id)).toBe(3);
      expect(open[0]).toMatchObject(base);
      const [first, second] = open.map((r) => r.row);

      // Another dialogue's row named by mistake is not touched.
      const [otherRow] = (await store.openRejections(other)).map((r) => r.row);
      await store.resolveRejections(id, [first!, otherRow!], 'appended', '2025-01-02T00:00:00.000Z');
      await store.resolveRejections(id, [first!, second!], 'waiting', '2025-01-03T00:00:00.000Z');
      await store.resolveRejections(id, [], 'rejected', '2025-01-04T00:00:00.000Z');

      expect((await store.openRejections(id)).map((r) => r.reason)).toEqual(['pending_full: 1']);
      expect(await store.openRejectionCount(id)).toBe(1);
      expect(await store.openRejections(other)).toHaveLength(1);
      // The history keeps every row, with what became of it.
      // Many refused events (resolved in slices): every row, none twice.
      await store.transaction(async () => {
        for (let i = 0; i < 1234; i++) await store.recordRejection({ ...base, dialogue: other, reason: 'signature_invalid', payload: `{"v":${i}}` });
      });
      const copies = (await store.openRejections(other)).map((r) => r.row);
      expect(copies).toHaveLength(1235);
      await store.resolveRejections(other, copies.slice(0, -1), 'rejected', '2025-01-05T00:00:00.000Z');
      expect((await store.openRejections(other)).map((r) => r.row)).toEqual(copies.slice(-1));

      expect((await store.rejections(id)).map((r) => [r.resolution, r.resolvedAt])).toEqual([
        ['appended', '2025-01-02T00:00:00.000Z'], ['waiting', '2025-01-03T00:00:00.000Z'], [undefined, undefined],
      ]);
    });

    it('refuses a nested withDialogue on the same dialogue', async () => {
      const { id } = await newDialogue();
      await expect(store.withDialogue(id, () => store.withDialogue(id, async () => 1)))
        .rejects.toMatchObject({ code: 'nested_dialogue_transaction' });
    });
  });
}
