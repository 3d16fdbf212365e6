/**
 * The generic aggregate projection: every appended event is applied, in the same
 * transaction, to each aggregate kind that handles its type (src/domain/registry.ts), and
 * the new state is kept in `aggregates` with the kind's index columns.
 *
 * One AggregateProjector lives for one dialogue transaction. It caches every aggregate it
 * loaded or changed, applies queued events lazily (on a read or a write), and writes each
 * changed aggregate once per flush with one multi-row upsert — so a group of commands that
 * each read, decide and append costs one load query per new target and one upsert in all.
 * The cache is sound because the dialogue's append lock is held: nobody else writes these rows.
 *
 * Events are folded in order-key order (clock, party, seq), the same on every node, not in
 * log order (docs/decisions/0013-federation.md). A local event always sorts after everything
 * stored. An incoming event that sorts before the last event folded into an aggregate (a
 * concurrent one) makes the projector refold that aggregate from nothing: every event of it
 * that this projector has been given, read back (`events.target_index`, the log index of the
 * aggregate's creating event, is indexed) and sorted.
 */
import type { Kysely } from 'kysely';
import {
  indexDate, kindsForEventType, targetOf,
  type AggregateIndex, type AnyAggregateKind, type DialogueContext, type RecordedEvent,
} from '../../domain/index.js';
import { CanonicalizationError, canonicalize, type DialogueId } from '../../record/index.js';
import type { DialogueRecord, StoredEvent } from '../../node/ports.js';
import type { AggregateRecord } from '../../node/private-ports.js';
import type { StoreCapabilities } from '../capabilities.js';
import { insertRows, type InsertTail } from '../insert-rows.js';
import { STORED_EVENT_COLUMNS, storedEventOf } from '../event-rows.js';
import type { Database, NewRow, Row } from '../schema.js';

/** Tables this projection owns (cleared on rebuild). */
export const AGGREGATE_TABLES = ['aggregates'] as const;

/** Where an event sorts: by Lamport clock, then party id, then the party's seq. */
export interface OrderKey {
  readonly clock: number;
  readonly party: string;
  readonly seq: number;
}

/** Negative when `a` sorts before `b`; party ids compare by UTF-16 code units on every engine. */
export function compareOrder(a: OrderKey, b: OrderKey): number {
  if (a.clock !== b.clock) return a.clock - b.clock;
  if (a.party !== b.party) return a.party < b.party ? -1 : 1;
  return a.seq - b.seq;
}

export function orderOf(stored: StoredEvent): OrderKey {
  return { clock: stored.clock, party: stored.event.party, seq: stored.event.seq };
}

interface Entry {
  readonly kind: string;
  readonly id: string;
  readonly state: unknown;
  readonly index: AggregateIndex;
  /** The largest log index folded in (node-local; optimistic concurrency). */
  readonly version: number;
  /** Time of the last event in order-key order. */
  readonly updatedAt: string;
  /** Order key of the last event folded in. */
  readonly order: OrderKey;
}

/** Tuples per load query: well under every engine's parameter limit. */
const LOAD_CHUNK = 500;
const UPSERT_AGGREGATE: InsertTail<'aggregates'> = {
  name: 'upsert',
  build: (query) => query.onConflict((oc) => oc.columns(['dialogue_id', 'kind', 'id']).doUpdateSet((eb) => ({
    state: eb.ref('excluded.state'), status: eb.ref('excluded.status'), parent: eb.ref('excluded.parent'),
    party: eb.ref('excluded.party'), date: eb.ref('excluded.date'), version: eb.ref('excluded.version'),
    updated_at: eb.ref('excluded.updated_at'), due_at: eb.ref('excluded.due_at'),
    last_clock: eb.ref('excluded.last_clock'), last_party: eb.ref('excluded.last_party'), last_seq: eb.ref('excluded.last_seq'),
  }))),
};

export class AggregateProjector {
  /** `kind \0 id` → entry, or null when known not to exist. */
  readonly #cache = new Map<string, Entry | null>();
  /** Keys of the entries changed since the last write. */
  readonly #dirty = new Set<string>();
  #pending: StoredEvent[] = [];
  /** Events given since the last write: a refold before that write cannot read them back. */
  #recent: StoredEvent[] = [];
  /** The largest log index given: a refold reads no event the projector has not been given. */
  #maxIndex = -1;
  readonly #context: DialogueContext;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly capabilities: StoreCapabilities,
    dialogue: DialogueRecord,
  ) {
    this.#context = { id: dialogue.id, parties: dialogue.parties };
  }

  /** Queues appended events (in log order); they are applied by the next read or write. */
  enqueue(events: readonly StoredEvent[]): void {
    for (const stored of events) {
      if (stored.index > this.#maxIndex) this.#maxIndex = stored.index;
      if (kindsForEventType(stored.event.type).length === 0) continue;
      this.#pending.push(stored);
      this.#recent.push(stored);
    }
  }

  /** The aggregate's state including every event queued so far; no write needed. */
  async aggregate<S>(kind: string, id: string): Promise<AggregateRecord<S> | undefined> {
    await this.#applyPending();
    const key = keyOf(kind, id);
    if (!this.#cache.has(key)) await this.#load([{ kind, id }]);
    const entry = this.#cache.get(key);
    return entry ? recordOf<S>(this.#context.id, entry) : undefined;
  }

  /** Applies queued events and upserts every aggregate changed since the last write. */
  async write(): Promise<void> {
    await this.#applyPending();
    if (this.#dirty.size === 0) return;
    const rows: NewRow<'aggregates'>[] = [];
    for (const key of this.#dirty) {
      const entry = this.#cache.get(key);
      if (entry) rows.push(rowOf(this.#context.id, entry));
    }
    await insertRows(this.db, this.capabilities, 'aggregates', rows, UPSERT_AGGREGATE);
    this.#dirty.clear();
    // The store writes event rows before aggregates: from now on a refold reads them back.
    this.#recent = [];
  }

  /**
   * Writes, then forgets every cached aggregate; later events load what they need again.
   * A rebuild replays a whole dialogue through one projector: without this it would hold
   * every aggregate of the dialogue in memory.
   */
  async writeAndForget(): Promise<void> {
    await this.write();
    this.#cache.clear();
  }

  async #applyPending(): Promise<void> {
    if (this.#pending.length === 0) return;
    const recorded = this.#pending.map(recordedOf);
    // Load every existing target not cached yet, in one query (creating events need none).
    const missing = new Map<string, { kind: string; id: string }>();
    for (const event of recorded) {
      for (const kind of kindsForEventType(event.type)) {
        const id = targetOf(kind, event);
        if (id === undefined || kind.creates.includes(event.type)) continue;
        const key = keyOf(kind.kind, id);
        if (!this.#cache.has(key)) missing.set(key, { kind: kind.kind, id });
      }
    }
    if (missing.size > 0) await this.#load([...missing.values()]);
    const pending = this.#pending;
    this.#pending = [];
    // Aggregates an event sorts into before their last folded event: refolded after the loop.
    const refolds = new Map<string, AnyAggregateKind>();
    pending.forEach((stored, i) => {
      const event = recorded[i]!;
      for (const kind of kindsForEventType(event.type)) {
        const id = targetOf(kind, event);
        if (id === undefined) continue;
        const key = keyOf(kind.kind, id);
        if (refolds.has(key)) continue;
        const current = this.#cache.get(key);
        if (current && compareOrder(orderOf(stored), current.order) < 0) refolds.set(key, kind);
        else this.#apply(kind, id, current ?? undefined, stored, event);
      }
    });
    for (const [key, kind] of refolds) await this.#refold(kind, this.#cache.get(key)!.id);
  }

  #apply(kind: AnyAggregateKind, id: string, current: Entry | undefined, stored: StoredEvent, event: RecordedEvent): Entry | undefined {
    const state: unknown = kind.evolve(current?.state, event, this.#context);
    // An event for an aggregate that does not exist (evolve gives undefined) changes nothing.
    if (state === undefined) return current;
    const key = keyOf(kind.kind, id);
    const entry: Entry = {
      kind: kind.kind, id, state, index: indexOf(kind, state), version: Math.max(current?.version ?? -1, event.index),
      updatedAt: event.time, order: orderOf(stored),
    };
    this.#cache.set(key, entry);
    this.#dirty.add(key);
    return entry;
  }

  /**
   * Folds the aggregate again from nothing, over every event of it this projector has been
   * given (stored ones read back by id and target, unwritten ones from memory), in order-key order.
   */
  async #refold(kind: AnyAggregateKind, id: string): Promise<void> {
    // The aggregate's id is its creating event's id; stored events name it by log index.
    const creating = await this.db.selectFrom('events').select('log_index')
      .where('dialogue_id', '=', this.#context.id).where('id', '=', id).executeTakeFirst();
    const rows = creating === undefined ? [] : await this.db.selectFrom('events').select(STORED_EVENT_COLUMNS)
      .where('dialogue_id', '=', this.#context.id).where('log_index', '<=', this.#maxIndex)
      .where((eb) => eb.or([eb('log_index', '=', creating.log_index), eb('target_index', '=', creating.log_index)]))
      .execute();
    const byId = new Map<string, StoredEvent>();
    for (const row of rows) byId.set(row.id, storedEventOf(row));
    for (const stored of this.#recent) byId.set(stored.id, stored);
    const events = [...byId.values()]
      .filter((stored) => kindsForEventType(stored.event.type).includes(kind))
      .map((stored) => ({ stored, event: recordedOf(stored) }))
      .filter(({ event }) => targetOf(kind, event) === id)
      .sort((a, b) => compareOrder(orderOf(a.stored), orderOf(b.stored)));
    let entry: Entry | undefined;
    for (const { stored, event } of events) entry = this.#apply(kind, id, entry, stored, event);
  }

  async #load(targets: readonly { kind: string; id: string }[]): Promise<void> {
    for (let start = 0; start < targets.length; start += LOAD_CHUNK) {
      const chunk = targets.slice(start, start + LOAD_CHUNK);
      const rows = await this.db.selectFrom('aggregates').selectAll()
        .where('dialogue_id', '=', this.#context.id)
        .where((eb) => eb(eb.refTuple('kind', 'id'), 'in', chunk.map(({ kind, id }) => eb.tuple(kind, id))))
        .execute();
      for (const { kind, id } of chunk) this.#cache.set(keyOf(kind, id), null);
      for (const row of rows) this.#cache.set(keyOf(row.kind, row.id), entryOf(row));
    }
  }
}

function keyOf(kind: string, id: string): string {
  return `${kind}\u0000${id}`;
}

/**
 * The kind's index of `state`, its date in the one form the store compares as text (UTC,
 * milliseconds, Z): live projection and rebuild both come here, so they agree.
 */
function indexOf(kind: AnyAggregateKind, state: unknown): AggregateIndex {
  const index = kind.index(state);
  return index.date ? { ...index, date: indexDate(index.date) } : index;
}

/** The domain's view of a stored event: envelope facts, and the body unless withheld. */
function recordedOf({ index, id, clock, event }: StoredEvent): RecordedEvent {
  return {
    id, index, clock, party: event.party, member: event.member, time: event.time, type: event.type, body: event.body,
  };
}

function entryOf(row: Row<'aggregates'>): Entry {
  return {
    kind: row.kind, id: row.id, state: JSON.parse(row.state) as unknown,
    index: { status: row.status, parent: row.parent, party: row.party, date: row.date, due: row.due_at },
    version: row.version, updatedAt: row.updated_at,
    order: { clock: row.last_clock, party: row.last_party, seq: row.last_seq },
  };
}

/**
 * The state's canonical JSON text. A state as JSON would store it: `undefined` properties
 * dropped (optional fields a decider left unset), so those go through JSON first. Any state
 * that canonicalises as it is has no such values, and JSON would give it back unchanged.
 */
function stateText(state: unknown): string {
  try {
    return canonicalize(state);
  } catch (error) {
    if (!(error instanceof CanonicalizationError)) throw error;
    return canonicalize(JSON.parse(JSON.stringify(state)) as unknown);
  }
}

function rowOf(dialogue: DialogueId, entry: Entry): NewRow<'aggregates'> {
  return {
    dialogue_id: dialogue, kind: entry.kind, id: entry.id, state: stateText(entry.state),
    status: entry.index.status, parent: entry.index.parent ?? null, party: entry.index.party ?? null,
    date: entry.index.date ?? null, version: entry.version, updated_at: entry.updatedAt, due_at: entry.index.due ?? null,
    last_clock: entry.order.clock, last_party: entry.order.party, last_seq: entry.order.seq,
  };
}

function recordOf<S>(dialogue: DialogueId, entry: Entry): AggregateRecord<S> {
  return {
    dialogue, kind: entry.kind, id: entry.id,
    // A copy: callers must not be able to change the cached state.
    state: structuredClone(entry.state) as S,
    status: entry.index.status, parent: entry.index.parent ?? null, party: entry.index.party ?? null,
    date: entry.index.date ?? null, due: entry.index.due ?? null, version: entry.version,
  };
}

