/**
 * The event store: one dialogue's append transaction. Appends are checked (dialogue, chain)
 * and hashed in memory and their rows queued; `flush` writes them with one multi-row insert
 * per table, then the log row and chain heads. So a group of appends in one transaction
 * costs a handful of statements, and the O(log n) Merkle frontier is read once. The store
 * flushes before any read inside the transaction and before commit. After a failed append
 * or flush the transaction can only roll back.
 *
 * Aggregate state is the exception to flush-before-read: `tx.aggregates.aggregate` answers
 * from the transaction's AggregateProjector, which applies queued events in memory, so a
 * group of commands that each read their target and append writes aggregates only once.
 */
import type { Kysely } from 'kysely';
import {
  appendLeaves, frontierIds, hashLeaf, nodeKey, rootFromFrontier,
  type ChainHead, type ChainHeads, type EventId, type PartyId, type SignedEvent,
} from '../record/index.js';
import type { AppendedEvent, DialogueRecord, DialogueTransaction, LogState, ProjectionReader, StoredEvent } from '../node/ports.js';
import type { AggregateReader, AggregateRecord } from '../node/private-ports.js';
import type { StoreCapabilities } from './capabilities.js';
import { StoreError } from './errors.js';
import { eventRow, targetOfBody } from './event-rows.js';
import { insertRows, type InsertTail } from './insert-rows.js';
import { AggregateProjector, projectEvents } from './projections/index.js';
import type { Database, NewRow } from './schema.js';

/** Ids per lookup query (`#loadReferenced`). */
const LOOKUP_CHUNK = 500;

const UPSERT_CHAIN_HEAD: InsertTail<'chain_heads'> = {
  name: 'upsert',
  build: (query) => query.onConflict((oc) => oc.columns(['dialogue_id', 'party_id']).doUpdateSet((eb) => ({
    seq: eb.ref('excluded.seq'), event_id: eb.ref('excluded.event_id'),
  }))),
};

/**
 * What an append transaction loads before its first append — the log's Merkle frontier and
 * the chain heads with their clocks — as it was when the log had `size` and `root`. Kept by
 * the store across transactions of a dialogue; valid only for a log with that same size and
 * root (an append-only log with the same root holds the same events), whatever happened in
 * between: a rollback or another process's append changes what the next transaction reads.
 */
export interface LogTail {
  readonly size: number;
  readonly root: Buffer;
  readonly frontier: readonly Buffer[];
  readonly heads: ReadonlyMap<PartyId, ChainHead>;
  readonly clocks: ReadonlyMap<string, number>;
}

export class SqlDialogueTransaction implements DialogueTransaction {
  #size: number;
  /** The log root; undefined while stale (appends leave it to `#root()`, computed once per read or flush). */
  #rootHash: Buffer | undefined;
  #frontier: Buffer[] | undefined;
  #heads: Map<PartyId, ChainHead> | undefined;
  /** Lamport clocks of the heads and of every event appended or looked up in this transaction. */
  readonly #clocks = new Map<string, number>();
  /** Log indexes of the events appended in this transaction and of the targets looked up for them. */
  readonly #indexes = new Map<string, number>();
  readonly #changedHeads = new Map<PartyId, ChainHead>();
  #isLogChanged = false;
  #queuedEvents: NewRow<'events'>[] = [];
  #queuedNodes: NewRow<'merkle_nodes'>[] = [];
  #queuedStored: StoredEvent[] = [];
  /**
   * Appended events whose rows and Merkle leaves are not made yet: both need the signature,
   * which may still be on its way (AppendedEvent.signed). Sealed, in log order, by `#seal`.
   */
  #unsealed: { readonly stored: StoredEvent; readonly signed: Promise<unknown> | undefined; readonly targetIndex: number | null }[] = [];
  /** The log size up to which rows and leaves are made (#size counts unsealed events too). */
  #sealedSize: number;
  /** The seal running now, if any: seals run one after another, in log order. */
  #sealing: Promise<void> = Promise.resolve();
  #failure: unknown = undefined;
  #isFinished = false;
  readonly #aggregates: AggregateProjector;
  /** Aggregates of this dialogue from the projector; other dialogues and lists from the store. */
  readonly aggregates: AggregateReader;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly capabilities: StoreCapabilities,
    readonly dialogue: DialogueRecord,
    log: LogState,
    readonly projections: ProjectionReader,
    storeAggregates: AggregateReader,
    tail?: LogTail,
  ) {
    this.#size = log.size;
    this.#sealedSize = log.size;
    this.#rootHash = log.root;
    if (tail !== undefined && tail.size === log.size && tail.root.equals(log.root)) {
      this.#frontier = [...tail.frontier];
      this.#heads = new Map(tail.heads);
      for (const [id, clock] of tail.clocks) this.#clocks.set(id, clock);
    }
    this.#aggregates = new AggregateProjector(db, capabilities, dialogue);
    this.aggregates = {
      aggregate: <S>(dialogue: DialogueRecord['id'], kind: string, id: string) => (dialogue === this.dialogue.id
        ? this.#readAggregate<S>(kind, id) : storeAggregates.aggregate<S>(dialogue, kind, id)),
      // The store's reader flushes this transaction first, so lists include queued events.
      aggregates: (dialogue, kind, query) => storeAggregates.aggregates(dialogue, kind, query),
    };
  }

  async heads(): Promise<ChainHeads> {
    return new Map(await this.#loadHeads());
  }

  async log(): Promise<LogState> {
    await this.#sealGuarded();
    return { size: this.#size, root: Buffer.from(this.#root()) };
  }

  async append(events: readonly AppendedEvent[]): Promise<StoredEvent[]> {
    // The store owns each signature's outcome from here: `#seal` awaits it and a rejection
    // fails the transaction; until then it must not count as an unhandled rejection.
    for (const { signed } of events) signed?.catch(() => undefined);
    this.#checkUsable();
    if (events.length === 0) return [];
    try {
      return await this.#append(events);
    } catch (error) {
      this.#failure = error;
      throw error;
    }
  }

  /** Writes everything queued, then the log row and changed chain heads. */
  async flush(): Promise<void> {
    this.#checkUsable();
    await this.#sealGuarded();
    try {
      await insertRows(this.db, this.capabilities, 'events', this.#queuedEvents);
      await insertRows(this.db, this.capabilities, 'merkle_nodes', this.#queuedNodes);
      await projectEvents(this.db, this.capabilities, this.#queuedStored);
      await this.#aggregates.write();
      this.#queuedEvents = [];
      this.#queuedNodes = [];
      this.#queuedStored = [];
      if (this.#isLogChanged) {
        await this.db.updateTable('logs').set({ size: this.#size, root: this.#root() })
          .where('dialogue_id', '=', this.dialogue.id).execute();
        this.#isLogChanged = false;
      }
      if (this.#changedHeads.size > 0) {
        const rows = [...this.#changedHeads].map(([party, head]) => ({
          dialogue_id: this.dialogue.id, party_id: party, seq: head.seq, event_id: head.id,
        }));
        await insertRows(this.db, this.capabilities, 'chain_heads', rows, UPSERT_CHAIN_HEAD);
        this.#changedHeads.clear();
      }
    } catch (error) {
      this.#failure = error;
      if (!this.capabilities.isUniqueViolation(error)) throw error;
      throw new StoreError('conflict', 'duplicate_event',
        `an event with the same id or the same (party, seq) is already in dialogue ${this.dialogue.id}`, { cause: error });
    }
  }

  /** Flushes and closes the transaction to further appends; called once, before commit. */
  async finish(): Promise<void> {
    await this.flush();
    this.#isFinished = true;
  }

  /** The frontier and heads as this transaction leaves them (after `finish`), if it loaded both. */
  tail(): LogTail | undefined {
    if (!this.#isFinished || this.#failure !== undefined || this.#frontier === undefined || this.#heads === undefined) return undefined;
    const clocks = new Map<string, number>();
    for (const { id } of this.#heads.values()) {
      const clock = this.#clocks.get(id);
      if (clock === undefined) return undefined;
      clocks.set(id, clock);
    }
    return { size: this.#size, root: Buffer.from(this.#root()), frontier: [...this.#frontier], heads: new Map(this.#heads), clocks };
  }

  async #append(events: readonly AppendedEvent[]): Promise<StoredEvent[]> {
    // Loaded once per transaction: later appends take them as they are, without a promise each.
    const heads = this.#heads ?? await this.#loadHeads();
    if (this.#frontier === undefined) await this.#loadFrontier();
    const missing = this.#unknownReferences(events);
    if (missing.length > 0) await this.#loadReferenced(missing);
    const start = this.#size;
    const stored: StoredEvent[] = [];
    events.forEach(({ event, id, signed }, offset) => {
      this.#checkChain(event, id, heads);
      const clock = this.#clockOf(event, id);
      this.#clocks.set(id, clock);
      heads.set(event.party, { seq: event.seq, id });
      this.#changedHeads.set(event.party, { seq: event.seq, id });
      const one: StoredEvent = { index: start + offset, id, clock, event };
      const target = targetOfBody(event.body);
      const targetIndex = target === null ? null : this.#indexes.get(target) ?? null;
      this.#indexes.set(id, one.index);
      stored.push(one);
      this.#unsealed.push({ stored: one, signed, targetIndex });
    });
    this.#size = start + events.length;
    // Hashing the frontier into a root costs O(log n) hashes; a group appends many times
    // between flushes, so the root is computed only when it is read or written.
    this.#rootHash = undefined;
    this.#isLogChanged = true;
    this.#queuedStored.push(...stored);
    this.#aggregates.enqueue(stored);
    return stored;
  }

  /** `#seal`, recording a failure so that the transaction can only roll back. */
  async #sealGuarded(): Promise<void> {
    try {
      await this.#seal();
    } catch (error) {
      this.#failure = error;
      throw error;
    }
  }

  /**
   * Makes the rows and Merkle leaves of the events appended so far, once their signatures
   * are there. Seals queue behind each other, so leaves are always added in log order.
   */
  #seal(): Promise<void> {
    const batch = this.#unsealed;
    this.#unsealed = [];
    const run = this.#sealing.then(async () => {
      if (batch.length === 0) return;
      await Promise.all(batch.map((entry) => entry.signed));
      const leafHashes: Buffer[] = [];
      for (const { stored, targetIndex } of batch) {
        if (stored.event.sig === '') {
          throw new StoreError('invalid', 'event_unsigned', `event ${stored.id} of party ${stored.event.party} was appended without a signature`);
        }
        const row = eventRow(stored.index, stored.id, stored.clock, targetIndex, stored.event);
        this.#queuedEvents.push(row);
        // envelopeText is canonicalize(envelopeOf(event)): its UTF-8 bytes are leafDataOf(event).
        leafHashes.push(hashLeaf(Buffer.from(row.envelope, 'utf8')));
      }
      const grown = appendLeaves(this.#sealedSize, await this.#loadFrontier(), leafHashes);
      for (const node of grown.nodes) {
        this.#queuedNodes.push({ dialogue_id: this.dialogue.id, level: node.level, idx: node.index, hash: node.hash });
      }
      this.#frontier = grown.frontier;
      this.#sealedSize = grown.size;
      this.#rootHash = undefined;
    });
    // A failed seal fails every later one: the transaction can only roll back.
    this.#sealing = run;
    return run;
  }

  async #readAggregate<S>(kind: string, id: string): Promise<AggregateRecord<S> | undefined> {
    this.#checkUsable();
    try {
      return await this.#aggregates.aggregate<S>(kind, id);
    } catch (error) {
      // Queued events may be half applied to the cache: only a rollback is safe now.
      this.#failure = error;
      throw error;
    }
  }

  #checkChain(event: SignedEvent, id: EventId, heads: Map<PartyId, ChainHead>): void {
    if (event.dialogue !== this.dialogue.id) {
      throw new StoreError('invalid', 'wrong_dialogue', `event ${id} belongs to dialogue ${event.dialogue}, not ${this.dialogue.id}`);
    }
    const head = heads.get(event.party);
    const expectedSeq = head ? head.seq + 1 : 1;
    const expectedPrev = head ? head.id : null;
    if (event.seq !== expectedSeq || event.prev !== expectedPrev) {
      if (head !== undefined && event.seq <= head.seq) {
        throw new StoreError('conflict', 'duplicate_event', `party ${event.party} already has seq ${event.seq} in dialogue ${this.dialogue.id}`);
      }
      throw new StoreError('conflict', 'chain_broken',
        `event ${id} of party ${event.party} has seq ${event.seq} and prev ${event.prev ?? 'null'}; the chain expects seq ${expectedSeq} and prev ${expectedPrev ?? 'null'}`);
    }
  }

  async #loadHeads(): Promise<Map<PartyId, ChainHead>> {
    if (this.#heads === undefined) {
      const rows = await this.db.selectFrom('chain_heads')
        .innerJoin('events', (join) => join.onRef('events.dialogue_id', '=', 'chain_heads.dialogue_id').onRef('events.id', '=', 'chain_heads.event_id'))
        .select(['chain_heads.party_id', 'chain_heads.seq', 'chain_heads.event_id', 'events.clock'])
        .where('chain_heads.dialogue_id', '=', this.dialogue.id).execute();
      for (const row of rows) this.#clocks.set(row.event_id, row.clock);
      this.#heads = new Map(rows.map((row) => [row.party_id as PartyId, { seq: row.seq, id: row.event_id as EventId }]));
    }
    return this.#heads;
  }

  /**
   * Makes sure what the batch names in stored events is known, in one query: the clock of
   * every event it depends on (`prev`, `seen`) and the log index of every aggregate it names
   * in `target` (events.target_index). Heads are loaded with their clocks and this
   * transaction's events are known, so a local group (a receipt names a message of the same
   * group) costs no query; an incoming event naming older events does. A dependency that is
   * not stored is refused by `#clockOf` (the inbox keeps such events waiting); a target that
   * is not stored gets no index. Returns the ids `#loadReferenced` must look up.
   */
  #unknownReferences(events: readonly { readonly event: SignedEvent; readonly id: EventId }[]): string[] {
    const inBatch = new Set<string>(events.map(({ id }) => id));
    const missing = new Set<string>();
    for (const { event } of events) {
      for (const dependency of dependenciesOf(event)) {
        if (!this.#clocks.has(dependency) && !inBatch.has(dependency)) missing.add(dependency);
      }
      const target = targetOfBody(event.body);
      if (target !== null && !this.#indexes.has(target) && !inBatch.has(target)) missing.add(target);
    }
    return [...missing];
  }

  /** Clocks and log indexes of stored events by id (#unknownReferences), one query per chunk. */
  async #loadReferenced(ids: readonly string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += LOOKUP_CHUNK) {
      const rows = await this.db.selectFrom('events').select(['id', 'clock', 'log_index'])
        .where('dialogue_id', '=', this.dialogue.id).where('id', 'in', ids.slice(start, start + LOOKUP_CHUNK)).execute();
      for (const row of rows) {
        this.#clocks.set(row.id, row.clock);
        this.#indexes.set(row.id, row.log_index);
      }
    }
  }

  /** 1 + the largest clock of the event's dependencies (1 when it has none). */
  #clockOf(event: SignedEvent, id: EventId): number {
    let clock = 0;
    for (const dependency of dependenciesOf(event)) {
      const known = this.#clocks.get(dependency);
      if (known === undefined) {
        throw new StoreError('invalid', 'dependency_missing',
          `event ${id} of party ${event.party} depends on event ${dependency}, which dialogue ${this.dialogue.id} does not hold`);
      }
      clock = Math.max(clock, known);
    }
    return clock + 1;
  }

  async #loadFrontier(): Promise<Buffer[]> {
    if (this.#frontier === undefined) {
      const ids = frontierIds(this.#size);
      const found = await readMerkleNodes(this.db, this.dialogue.id, ids);
      this.#frontier = ids.map((id) => {
        const hash = found.get(nodeKey(id));
        if (hash === undefined) {
          throw new StoreError('invalid', 'merkle_node_missing', `dialogue ${this.dialogue.id} lacks Merkle node ${nodeKey(id)}`);
        }
        return hash;
      });
    }
    return this.#frontier;
  }

  #root(): Buffer {
    if (this.#rootHash === undefined) {
      if (this.#frontier === undefined) throw new Error('unreachable: the root is only stale after an append loaded the frontier');
      this.#rootHash = rootFromFrontier(this.#frontier);
    }
    return this.#rootHash;
  }

  #checkUsable(): void {
    if (this.#failure !== undefined) {
      throw new StoreError('invalid', 'transaction_aborted',
        `an append to dialogue ${this.dialogue.id} failed earlier in this transaction; it will roll back`, { cause: this.#failure });
    }
    if (this.#isFinished) {
      throw new StoreError('invalid', 'transaction_finished', `the transaction on dialogue ${this.dialogue.id} has ended`);
    }
  }
}

/** Ids of the events an event names as seen before it: its `prev` and every `seen` entry. */
export function dependenciesOf(event: Pick<SignedEvent, 'prev' | 'seen'>): string[] {
  const seen: string[] = Object.values(event.seen ?? {});
  return event.prev === null ? seen : [event.prev, ...seen];
}

/** Stored Merkle node hashes by nodeKey; ids not stored are absent. One indexed query. */
export async function readMerkleNodes(
  db: Kysely<Database>, dialogue: string, ids: readonly { level: number; index: number }[],
): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  if (ids.length === 0) return found;
  // (level, idx) IN ((…), …): a row-value list both engines answer from the primary key.
  const rows = await db.selectFrom('merkle_nodes').select(['level', 'idx', 'hash'])
    .where('dialogue_id', '=', dialogue)
    .where((eb) => eb(eb.refTuple('level', 'idx'), 'in', ids.map(({ level, index }) => eb.tuple(level, index))))
    .execute();
  for (const row of rows) found.set(nodeKey({ level: row.level, index: row.idx }), Buffer.from(row.hash));
  return found;
}
