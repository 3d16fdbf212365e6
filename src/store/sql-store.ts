/**
 * The Store port over Kysely, for every engine a dialect factory sets up. Engine
 * differences come in as capability flags (capabilities.ts); none are tested by name here.
 */
import { sql, type Kysely } from 'kysely';
import {
  EMPTY_ROOT,
  type DialogueId, type EventId, type MemberId, type PartyId,
} from '../record/index.js';
import type {
  CheckpointRecord, DialogueRecord, DialogueTransaction, LogState, MemberRecord, OpenRejection, PartyRecord,
  ProjectionReader, RejectionRecord, RejectionResolution, Role, Store, StoredEvent,
} from '../node/ports.js';
import type { AggregateReader, DueAggregate } from '../node/private-ports.js';
import { stateDigestOf, type StateDigest } from '../node/state-digest.js';
import type { StoreCapabilities, StoreConnection } from './capabilities.js';
import { payloadHash } from './payload-hash.js';
import { StoreError } from './errors.js';
import { STORED_EVENT_COLUMNS, storedEventOf } from './event-rows.js';
import { SqlDialogueTransaction, readMerkleNodes, type LogTail } from './event-store.js';
import { migrateToLatest } from './migrations/index.js';
import { SqlPrivateStore } from './private-store.js';
import { SqlWebhookStore } from './webhook-store.js';
import { SqlInboxStore } from './inbox-store.js';
import { SqlPeerStore } from './peer-store.js';
import {
  AGGREGATE_TABLES, AggregateProjector, PROJECTIONS, aggregateById, aggregatesOf, clearProjections, dueAggregatesOf, latestDateByParentOf, projectEvents, projectionReader,
} from './projections/index.js';
import type { Database, Row } from './schema.js';
import { Transactions } from './transactions.js';

/** Dialogue size from which rebuildProjections drops and rebuilds the projections' secondary indexes (where the engine allows). */
const DEFER_INDEXES_FROM_EVENTS = 5_000;
/** Events replayed per page by rebuildProjections. */
const REBUILD_PAGE = 1000;

/** Quarantine rows resolved per statement (resolveRejections). */
const RESOLVE_SLICE = 500;

export class SqlStore implements Store {
  readonly capabilities: StoreCapabilities;
  readonly projections: ProjectionReader;
  /** Aggregate state; inside withDialogue it includes the events appended so far. */
  readonly aggregates: AggregateReader;
  /** Private data of the hosted parties (never read by federation or export). */
  readonly privates: SqlPrivateStore;
  /** A party's outbound webhooks and their delivery outbox (private tables). */
  readonly webhooks: SqlWebhookStore;
  /** Federation state: pinned peers, witnessed checkpoints, cosignatures, cursors (public tables). */
  readonly peers: SqlPeerStore;
  /** Federation inbox: pending incoming events and equivocation proofs (public tables). */
  readonly inbox: SqlInboxStore;
  readonly #db: Kysely<Database>;
  readonly #migrationSchema: string | undefined;
  readonly #transactions: Transactions<SqlDialogueTransaction>;
  readonly #stopBackground: (() => Promise<void>) | undefined;
  /**
   * Each dialogue's Merkle frontier and chain heads as its last append transaction left them,
   * so the next one need not read them again; used only while the log still has the size and
   * root they were kept for (LogTail).
   */
  readonly #tails = new Map<DialogueId, LogTail>();

  constructor(connection: StoreConnection) {
    this.#db = connection.db;
    this.capabilities = connection.capabilities;
    this.#migrationSchema = connection.migrationSchema;
    this.#stopBackground = connection.stopBackground;
    this.#transactions = new Transactions<SqlDialogueTransaction>(this.#db, this.capabilities);
    this.projections = projectionReader(() => this.#reader());
    this.aggregates = {
      aggregate: async (dialogue, kind, id) => {
        // The dialogue's open transaction answers from its cache, without flushing.
        const open = this.#transactions.openDialogue(dialogue);
        if (open !== undefined) return open.aggregates.aggregate(dialogue, kind, id);
        return aggregateById(await this.#reader(), dialogue, kind, id);
      },
      aggregates: async (dialogue, kind, query) => aggregatesOf(await this.#reader(), dialogue, kind, query),
    };
    this.privates = new SqlPrivateStore(() => this.#q(), this.capabilities);
    this.webhooks = new SqlWebhookStore(() => this.#q(), (work) => this.#transactions.run(work), this.capabilities);
    this.inbox = new SqlInboxStore(() => this.#reader(), this.capabilities);
    this.peers = new SqlPeerStore(() => this.#q(), (work) => this.#transactions.run(work), this.capabilities);
  }

  /** The executor for a write: the running transaction's, if inside one. */
  #q(): Kysely<Database> {
    return this.#transactions.executor();
  }

  /** The executor for a read: inside a transaction, after writing its queued appends. */
  async #reader(): Promise<Kysely<Database>> {
    for (const open of this.#transactions.openDialogues()) await open.flush();
    return this.#transactions.executor();
  }

  async migrate(): Promise<void> {
    await migrateToLatest(this.#db, this.capabilities, this.#migrationSchema);
  }

  async close(): Promise<void> {
    await this.#stopBackground?.();
    await this.#db.destroy();
  }

  async putParty(party: PartyRecord): Promise<void> {
    const row = { id: party.id, name: JSON.stringify(party.name), public_key: Buffer.from(party.publicKey), time_zone: party.timeZone ?? null };
    await this.#q().insertInto('parties').values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: row.name, public_key: row.public_key, time_zone: row.time_zone }))
      .execute();
  }

  async party(id: PartyId): Promise<PartyRecord | undefined> {
    const row = await (await this.#reader()).selectFrom('parties').selectAll().where('id', '=', id).executeTakeFirst();
    return row && partyOf(row);
  }

  async parties(): Promise<PartyRecord[]> {
    const rows = await (await this.#reader()).selectFrom('parties').selectAll().orderBy('id').execute();
    return rows.map(partyOf);
  }

  async putMember(member: MemberRecord): Promise<void> {
    const row = { id: member.id, party_id: member.party, name: member.name, roles: JSON.stringify(member.roles) };
    await this.#q().insertInto('members').values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet({ party_id: row.party_id, name: row.name, roles: row.roles }))
      .execute();
  }

  async createMember(member: MemberRecord): Promise<boolean> {
    const result = await this.#q().insertInto('members')
      .values({ id: member.id, party_id: member.party, name: member.name, roles: JSON.stringify(member.roles) })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async replaceMember(expected: MemberRecord, next: MemberRecord): Promise<boolean> {
    if (next.id !== expected.id) throw new StoreError('invalid', 'member_id_changed', `a member's id does not change (${expected.id} → ${next.id})`);
    const result = await this.#q().updateTable('members')
      .set({ party_id: next.party, name: next.name, roles: JSON.stringify(next.roles) })
      .where('id', '=', expected.id).where('party_id', '=', expected.party).where('name', '=', expected.name)
      .where('roles', '=', JSON.stringify(expected.roles))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async member(id: MemberId): Promise<MemberRecord | undefined> {
    const row = await (await this.#reader()).selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
    return row && {
      id: row.id as MemberId, party: row.party_id as PartyId, name: row.name, roles: JSON.parse(row.roles) as Role[],
    };
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.#transactions.run(() => work());
  }

  afterCommit(effect: () => void): void {
    this.#transactions.afterCommit(effect);
  }

  async createDialogue(dialogue: DialogueRecord): Promise<void> {
    try {
      await this.#transactions.run(async (db) => {
        await db.insertInto('dialogues')
          .values({ id: dialogue.id, title: JSON.stringify(dialogue.title), created_at: dialogue.createdAt }).execute();
        if (dialogue.parties.length > 0) {
          await db.insertInto('dialogue_parties')
            .values(dialogue.parties.map((party, position) => ({ dialogue_id: dialogue.id, party_id: party, position })))
            .execute();
        }
        await db.insertInto('logs').values({ dialogue_id: dialogue.id, size: 0, root: Buffer.from(EMPTY_ROOT) }).execute();
      });
    } catch (error) {
      if (!this.capabilities.isUniqueViolation(error)) throw error;
      throw new StoreError('conflict', 'dialogue_exists', `dialogue ${dialogue.id} exists`, { cause: error });
    }
  }

  async dialogue(id: DialogueId): Promise<DialogueRecord | undefined> {
    return (await this.#readDialogues(await this.#reader(), id))[0];
  }

  async dialogues(): Promise<DialogueRecord[]> {
    return this.#readDialogues(await this.#reader());
  }

  async withDialogue<T>(dialogue: DialogueId, work: (tx: DialogueTransaction) => Promise<T>): Promise<T> {
    if (this.#transactions.openDialogue(dialogue) !== undefined) {
      throw new StoreError('invalid', 'nested_dialogue_transaction', `withDialogue(${dialogue}) is already running here`);
    }
    return this.#transactions.run(async (db) => {
      // One round trip: the lock (row-lock engines) and the dialogue with its parties.
      const rows = await db.selectFrom('logs')
        .innerJoin('dialogues', 'dialogues.id', 'logs.dialogue_id')
        .leftJoin('dialogue_parties', 'dialogue_parties.dialogue_id', 'logs.dialogue_id')
        .select(['logs.size', 'logs.root', ...DIALOGUE_COLUMNS])
        .where('logs.dialogue_id', '=', dialogue)
        .orderBy('dialogue_parties.position')
        .$if(this.capabilities.appendLock === 'row_lock', (q) => q.forUpdate('logs'))
        .execute();
      const [log] = rows;
      const [record] = dialoguesFromRows(rows);
      if (!log || !record) throw new StoreError('not_found', 'dialogue_not_found', `no dialogue ${dialogue}`);
      const tx = new SqlDialogueTransaction(db, this.capabilities, record,
        { size: log.size, root: Buffer.from(log.root) }, this.projections, this.aggregates, this.#tails.get(dialogue));
      const unlock = this.#transactions.markLocked(dialogue, tx);
      try {
        const result = await work(tx);
        await tx.finish();
        // Kept even if the commit then fails: the next transaction checks it against the log.
        const tail = tx.tail();
        if (tail !== undefined) this.#tails.set(dialogue, tail);
        return result;
      } finally {
        unlock();
      }
    });
  }

  async stateDigest(dialogue: DialogueId): Promise<StateDigest> {
    return this.#transactions.run(async (db) => {
      for (const open of this.#transactions.openDialogues()) await open.flush();
      const aggregates = await db.selectFrom('aggregates').select(['kind', 'id', 'state']).where('dialogue_id', '=', dialogue).execute();
      const events = await db.selectFrom('events').select('id').where('dialogue_id', '=', dialogue).execute();
      return stateDigestOf(dialogue, aggregates, events.map((row) => row.id));
    });
  }

  /**
   * Replays every event of the dialogue, in log order, into freshly cleared projection
   * tables, holding the dialogue's append lock (`parley rebuild`).
   */
  async rebuildProjections(dialogue: DialogueId, options: { deferIndexesFromEvents?: number } = {}): Promise<void> {
    await this.withDialogue(dialogue, async (tx) => {
      const { size } = await tx.log();
      const db = await this.#reader();
      // A large dialogue loads faster into tables without their secondary indexes, which are
      // then built in one pass each (and the same transaction: a failure leaves them as they were).
      const deferred = size >= (options.deferIndexesFromEvents ?? DEFER_INDEXES_FROM_EVENTS) && this.capabilities.secondaryIndexes
        ? await this.capabilities.secondaryIndexes(db, [...PROJECTIONS.flatMap((projection) => projection.tables), ...AGGREGATE_TABLES])
        : [];
      for (const index of deferred) await sql`DROP INDEX ${sql.id(index.name)}`.execute(db);
      await clearProjections(db, dialogue);
      const aggregates = new AggregateProjector(db, this.capabilities, tx.dialogue);
      for (let from = 0; from < size; from += REBUILD_PAGE) {
        const page = await this.events(dialogue, from, REBUILD_PAGE);
        await projectEvents(db, this.capabilities, page);
        aggregates.enqueue(page);
        // Forgetting after each page bounds memory; the few aggregates that later pages
        // change again are loaded again in one query per page.
        await aggregates.writeAndForget();
      }
      for (const index of deferred) await sql.raw(index.sql).execute(db);
    });
  }

  /**
   * Deletes the bodies of every event that a `record.redacted` event of this dialogue names —
   * in the log and in the webhook deliveries that carry the event (sent or still owed) — then
   * rebuilds the projections so no projected state keeps the removed content. Idempotent:
   * run after each redaction and at start-up, so a crash between the redaction's commit and
   * this step is repaired. Returns how many bodies were deleted now.
   */
  async applyRedactions(dialogue: DialogueId): Promise<number> {
    const db = await this.#reader();
    // The redaction aggregates (projected in the transaction that appended each redaction),
    // by primary key: the events table has no index on type, and this runs at every start-up.
    const redactions = await db.selectFrom('aggregates').select(['state']).where('dialogue_id', '=', dialogue)
      .where('kind', '=', 'redaction').execute();
    const targets = redactions
      .map((row) => (JSON.parse(row.state) as { event?: unknown }).event)
      .filter((id): id is string => typeof id === 'string');
    if (targets.length === 0) return 0;
    const pending = await db.selectFrom('events').select(['id', 'log_index']).where('dialogue_id', '=', dialogue)
      .where('id', 'in', targets).where('body', 'is not', null).execute();
    if (pending.length === 0) return 0;
    await this.withDialogue(dialogue, async () => {
      const tx = await this.#reader();
      await tx.updateTable('events').set({ body: null }).where('dialogue_id', '=', dialogue)
        .where('id', 'in', pending.map((row) => row.id)).execute();
      await redactDeliveries(tx, dialogue, pending.map((row) => row.log_index));
    });
    await this.rebuildProjections(dialogue);
    return pending.length;
  }

  async log(dialogue: DialogueId): Promise<LogState> {
    // Inside withDialogue the log row is written at the end; the open transaction knows it.
    const open = this.#transactions.openDialogue(dialogue);
    if (open !== undefined) return open.log();
    const row = await (await this.#reader()).selectFrom('logs').select(['size', 'root']).where('dialogue_id', '=', dialogue).executeTakeFirst();
    if (!row) throw new StoreError('not_found', 'dialogue_not_found', `no dialogue ${dialogue}`);
    return { size: row.size, root: Buffer.from(row.root) };
  }

  async eventById(dialogue: DialogueId, id: EventId): Promise<StoredEvent | undefined> {
    const row = await (await this.#reader()).selectFrom('events').select(STORED_EVENT_COLUMNS)
      .where('dialogue_id', '=', dialogue).where('id', '=', id).executeTakeFirst();
    return row ? storedEventOf(row) : undefined;
  }

  async events(dialogue: DialogueId, from: number, limit: number): Promise<StoredEvent[]> {
    if (limit <= 0) return [];
    const rows = await (await this.#reader()).selectFrom('events').select(STORED_EVENT_COLUMNS)
      .where('dialogue_id', '=', dialogue).where('log_index', '>=', from).where('log_index', '<', from + limit)
      .orderBy('log_index').execute();
    return rows.map(storedEventOf);
  }

  async merkleNodes(dialogue: DialogueId, ids: readonly { level: number; index: number }[]): Promise<Map<string, Buffer>> {
    return readMerkleNodes(await this.#reader(), dialogue, ids);
  }

  async putCheckpoint(dialogue: DialogueId, checkpoint: CheckpointRecord): Promise<void> {
    await this.#q().insertInto('checkpoints').values({ dialogue_id: dialogue, size: checkpoint.size, note: checkpoint.note })
      .onConflict((oc) => oc.columns(['dialogue_id', 'size']).doUpdateSet({ note: checkpoint.note }))
      .execute();
  }

  async latestCheckpoint(dialogue: DialogueId): Promise<CheckpointRecord | undefined> {
    return (await this.#reader()).selectFrom('checkpoints').select(['size', 'note']).where('dialogue_id', '=', dialogue)
      .orderBy('size', 'desc').limit(1).executeTakeFirst();
  }

  async checkpointAt(dialogue: DialogueId, size: number): Promise<CheckpointRecord | undefined> {
    return (await this.#reader()).selectFrom('checkpoints').select(['size', 'note'])
      .where('dialogue_id', '=', dialogue).where('size', '=', size).executeTakeFirst();
  }

  async recordRejection(rejection: RejectionRecord): Promise<boolean> {
    const { dialogue, source, reason, payload, time } = rejection;
    const hash = payloadHash(payload);
    // The same event from the same peer refused for the same reason, its row still open: that row says it all.
    const open = await this.#q().selectFrom('rejections').select('id')
      .where('dialogue_id', '=', dialogue).where('payload_hash', '=', hash).where('resolved_at', 'is', null)
      .where('reason', '=', reason).where('source', '=', source).where('payload', '=', payload).limit(1).executeTakeFirst();
    if (open) return false;
    await this.#q().insertInto('rejections').values({ dialogue_id: dialogue, source, reason, payload, time, payload_hash: hash }).execute();
    return true;
  }

  async dueAggregates(now: string, options: { limit: number; after?: DueAggregate | undefined }): Promise<DueAggregate[]> {
    return dueAggregatesOf(await this.#reader(), now, options);
  }

  async latestDateByParent(dialogue: DialogueId, kind: string): Promise<Map<string, string>> {
    return latestDateByParentOf(await this.#reader(), dialogue, kind);
  }

  async rejections(dialogue: DialogueId): Promise<RejectionRecord[]> {
    const rows = await (await this.#reader()).selectFrom('rejections')
      .select(['dialogue_id', 'source', 'reason', 'payload', 'time', 'resolved_at', 'resolution'])
      .where('dialogue_id', '=', dialogue).orderBy('id').execute();
    return rows.map((row) => ({
      dialogue: row.dialogue_id as DialogueId, source: row.source, reason: row.reason, payload: row.payload, time: row.time,
      ...(row.resolved_at !== null ? { resolvedAt: row.resolved_at, resolution: row.resolution as RejectionResolution } : {}),
    }));
  }

  async openRejections(dialogue: DialogueId, options: { readonly newest?: number } = {}): Promise<OpenRejection[]> {
    const { newest } = options;
    const rows = await (await this.#reader()).selectFrom('rejections').select(['id', 'dialogue_id', 'source', 'reason', 'payload', 'time'])
      .where('dialogue_id', '=', dialogue).where('resolved_at', 'is', null)
      .orderBy('id', newest === undefined ? 'asc' : 'desc').$if(newest !== undefined, (q) => q.limit(newest ?? 0)).execute();
    if (newest !== undefined) rows.reverse();
    return rows.map((row) => ({
      row: row.id, dialogue: row.dialogue_id as DialogueId, source: row.source, reason: row.reason, payload: row.payload, time: row.time,
    }));
  }

  async openRejectionCount(dialogue: DialogueId): Promise<number> {
    const row = await (await this.#reader()).selectFrom('rejections').select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('dialogue_id', '=', dialogue).where('resolved_at', 'is', null).executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async resolveRejections(dialogue: DialogueId, rows: readonly number[], resolution: RejectionResolution, time: string): Promise<void> {
    // In slices: a peer that sent one refused event thousands of times left as many rows, and
    // one statement with every id would pass SQLite's and PostgreSQL's limits on parameters.
    for (let start = 0; start < rows.length; start += RESOLVE_SLICE) {
      await this.#q().updateTable('rejections').set({ resolved_at: time, resolution })
        .where('dialogue_id', '=', dialogue).where('id', 'in', rows.slice(start, start + RESOLVE_SLICE)).where('resolved_at', 'is', null).execute();
    }
  }

  /** Dialogues with their parties in listed order: one dialogue, or all by creation time. */
  async #readDialogues(db: Kysely<Database>, id?: DialogueId): Promise<DialogueRecord[]> {
    const rows = await db.selectFrom('dialogues')
      .leftJoin('dialogue_parties', 'dialogue_parties.dialogue_id', 'dialogues.id')
      .select(DIALOGUE_COLUMNS)
      .$if(id !== undefined, (q) => q.where('dialogues.id', '=', id ?? ''))
      .orderBy('dialogues.created_at').orderBy('dialogues.id').orderBy('dialogue_parties.position')
      .execute();
    return dialoguesFromRows(rows);
  }
}

const DIALOGUE_COLUMNS = ['dialogues.id', 'dialogues.title', 'dialogues.created_at', 'dialogue_parties.party_id'] as const;

/** Groups dialogue ⟕ dialogue_parties rows (parties in order) into records. */
function dialoguesFromRows(
  rows: readonly { id: string; title: string; created_at: string; party_id: string | null }[],
): DialogueRecord[] {
  const byId = new Map<string, { record: DialogueRecord; parties: PartyId[] }>();
  for (const row of rows) {
    let entry = byId.get(row.id);
    if (entry === undefined) {
      const parties: PartyId[] = [];
      const title = JSON.parse(row.title) as Record<string, string>;
      entry = { parties, record: { id: row.id as DialogueId, title, parties, createdAt: row.created_at } };
      byId.set(row.id, entry);
    }
    if (row.party_id !== null) entry.parties.push(row.party_id as PartyId);
  }
  return [...byId.values()].map((entry) => entry.record);
}

function partyOf(row: Row<'parties'>): PartyRecord {
  return {
    id: row.id as PartyId, name: JSON.parse(row.name) as Record<string, string>, publicKey: Buffer.from(row.public_key),
    ...(row.time_zone ? { timeZone: row.time_zone } : {}),
  };
}


/**
 * Webhook deliveries carry the presented event (src/node/live-presentation.ts): its `body`,
 * and the `target` read from it. A redacted event is presented with neither, as a delivery
 * made after the redaction would carry it.
 */
async function redactDeliveries(db: Kysely<Database>, dialogue: DialogueId, indexes: readonly number[]): Promise<void> {
  const keys = indexes.map((index) => `event:${dialogue}:${index}`);
  const deliveries = await db.selectFrom('webhook_deliveries').select(['id', 'payload'])
    .where('dialogue_id', '=', dialogue).where('event_key', 'in', keys).execute();
  for (const delivery of deliveries) {
    const { body: _body, target: _target, ...rest } = JSON.parse(delivery.payload) as Record<string, unknown>;
    await db.updateTable('webhook_deliveries').set({ payload: JSON.stringify({ ...rest, body: null }) }).where('id', '=', delivery.id).execute();
  }
}
