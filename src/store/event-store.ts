/**
 * The event store: one dialogue's append transaction. `append` writes event rows, the new
 * Merkle nodes and the projections with multi-row inserts, reading only the O(log n)
 * frontier nodes once per transaction; the log row and chain heads are written once, when
 * the work is done (`finish`). After a failed append the transaction can only roll back.
 */
import type { Kysely } from 'kysely';
import {
  appendLeaves, frontierIds, hashLeaf, nodeKey, rootFromFrontier,
  type ChainHead, type ChainHeads, type EventId, type PartyId, type SignedEvent,
} from '../record/index.js';
import type { DialogueRecord, DialogueTransaction, LogState, ProjectionReader, StoredEvent } from '../node/ports.js';
import type { StoreCapabilities } from './capabilities.js';
import { StoreError } from './errors.js';
import { eventRow } from './event-rows.js';
import { insertRows } from './insert-rows.js';
import { projectEvents } from './projections/index.js';
import type { Database, NewRow } from './schema.js';

export class SqlDialogueTransaction implements DialogueTransaction {
  #log: LogState;
  #frontier: Buffer[] | undefined;
  #heads: Map<PartyId, ChainHead> | undefined;
  readonly #changedHeads = new Map<PartyId, ChainHead>();
  #isLogChanged = false;
  #failure: unknown = undefined;
  #isFinished = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly capabilities: StoreCapabilities,
    readonly dialogue: DialogueRecord,
    log: LogState,
    readonly projections: ProjectionReader,
  ) {
    this.#log = log;
  }

  async heads(): Promise<ChainHeads> {
    return new Map(await this.#loadHeads());
  }

  async log(): Promise<LogState> {
    return { size: this.#log.size, root: Buffer.from(this.#log.root) };
  }

  async append(events: readonly { readonly event: SignedEvent; readonly id: EventId }[]): Promise<StoredEvent[]> {
    this.#checkUsable();
    if (events.length === 0) return [];
    try {
      return await this.#append(events);
    } catch (error) {
      this.#failure = error;
      if (this.capabilities.isUniqueViolation(error)) {
        throw new StoreError('conflict', 'duplicate_event',
          `an event with the same id or the same (party, seq) is already in dialogue ${this.dialogue.id}`, { cause: error });
      }
      throw error;
    }
  }

  /** Writes the log row and chain heads; called once after the work, before commit. */
  async finish(): Promise<void> {
    this.#checkUsable();
    this.#isFinished = true;
    if (this.#isLogChanged) {
      await this.db.updateTable('logs').set({ size: this.#log.size, root: this.#log.root })
        .where('dialogue_id', '=', this.dialogue.id).execute();
    }
    if (this.#changedHeads.size > 0) {
      const rows = [...this.#changedHeads].map(([party, head]) => ({
        dialogue_id: this.dialogue.id, party_id: party, seq: head.seq, event_id: head.id,
      }));
      await this.db.insertInto('chain_heads').values(rows)
        .onConflict((oc) => oc.columns(['dialogue_id', 'party_id']).doUpdateSet((eb) => ({
          seq: eb.ref('excluded.seq'), event_id: eb.ref('excluded.event_id'),
        })))
        .execute();
    }
  }

  async #append(events: readonly { readonly event: SignedEvent; readonly id: EventId }[]): Promise<StoredEvent[]> {
    const heads = await this.#loadHeads();
    const start = this.#log.size;
    const rows: NewRow<'events'>[] = [];
    const leafHashes: Buffer[] = [];
    const stored: StoredEvent[] = [];
    events.forEach(({ event, id }, offset) => {
      this.#checkChain(event, id, heads);
      heads.set(event.party, { seq: event.seq, id });
      this.#changedHeads.set(event.party, { seq: event.seq, id });
      const row = eventRow(start + offset, id, event);
      rows.push(row);
      // envelopeText is canonicalize(envelopeOf(event)): its UTF-8 bytes are leafDataOf(event).
      leafHashes.push(hashLeaf(Buffer.from(row.envelope, 'utf8')));
      stored.push({ index: start + offset, id, event });
    });
    await insertRows(this.db, this.capabilities, 'events', rows);

    const grown = appendLeaves(start, await this.#loadFrontier(), leafHashes);
    await insertRows(this.db, this.capabilities, 'merkle_nodes', grown.nodes.map((node) => ({
      dialogue_id: this.dialogue.id, level: node.level, idx: node.index, hash: node.hash,
    })));
    this.#frontier = grown.frontier;
    this.#log = { size: grown.size, root: rootFromFrontier(grown.frontier) };
    this.#isLogChanged = true;

    await projectEvents(this.db, this.capabilities, stored);
    return stored;
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
      const rows = await this.db.selectFrom('chain_heads').select(['party_id', 'seq', 'event_id'])
        .where('dialogue_id', '=', this.dialogue.id).execute();
      this.#heads = new Map(rows.map((row) => [row.party_id as PartyId, { seq: row.seq, id: row.event_id as EventId }]));
    }
    return this.#heads;
  }

  async #loadFrontier(): Promise<Buffer[]> {
    if (this.#frontier === undefined) {
      const ids = frontierIds(this.#log.size);
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

/** Stored Merkle node hashes by nodeKey; ids not stored are absent. One query. */
export async function readMerkleNodes(
  db: Kysely<Database>, dialogue: string, ids: readonly { level: number; index: number }[],
): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  if (ids.length === 0) return found;
  const byLevel = new Map<number, number[]>();
  for (const { level, index } of ids) byLevel.set(level, [...(byLevel.get(level) ?? []), index]);
  const rows = await db.selectFrom('merkle_nodes').select(['level', 'idx', 'hash'])
    .where('dialogue_id', '=', dialogue)
    .where((eb) => eb.or([...byLevel].map(([level, indexes]) =>
      eb.and([eb('level', '=', level), eb('idx', 'in', indexes)]))))
    .execute();
  for (const row of rows) found.set(nodeKey({ level: row.level, index: row.idx }), Buffer.from(row.hash));
  return found;
}
