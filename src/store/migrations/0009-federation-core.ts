/**
 * Federation core (docs/decisions/0013-federation.md): order-independent projections and the
 * tables of verified ingest.
 *
 * - `events.clock`: the event's Lamport clock, 1 + the largest clock of its `prev` and `seen`
 *   events. With (party, seq) it is the order key every node folds aggregates in.
 * - `events.target`: the aggregate a changing event acts on (`body.target`), indexed, so an
 *   aggregate's events can be read again when a concurrent event must be folded in earlier.
 * - `aggregates.last_clock/last_party/last_seq`: the order key of the last event folded in.
 * - `federation_pending`: incoming events that wait for an event they depend on.
 * - `equivocations`: two signed envelopes by one party with the same `seq` — the proof.
 *
 * Existing rows get their clocks and targets computed here; a `terms` aggregate's `agreedAt`
 * becomes the clock of the agreeing event instead of its (node-local) log index.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { canonicalize } from '../../record/index.js';

const PAGE = 1000;

export function federationCoreMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('events').addColumn('clock', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('events').addColumn('target', 'text').execute();
      await db.schema.createIndex('events_target').ifNotExists().on('events').columns(['dialogue_id', 'target']).execute();
      await db.schema.createIndex('events_order').ifNotExists().on('events').columns(['dialogue_id', 'clock', 'party_id', 'seq']).execute();
      await db.schema.alterTable('aggregates').addColumn('last_clock', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('aggregates').addColumn('last_party', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.schema.alterTable('aggregates').addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0)).execute();

      await db.schema.createTable('federation_pending').ifNotExists()
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('party_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('federation_pending_pk', ['dialogue_id', 'event_id'])
        .execute();
      await db.schema.createIndex('federation_pending_chain').ifNotExists()
        .on('federation_pending').columns(['dialogue_id', 'party_id', 'seq']).execute();

      await db.schema.createTable('equivocations').ifNotExists()
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('party_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('stored_id', 'text', (c) => c.notNull())
        .addColumn('stored_envelope', 'text', (c) => c.notNull())
        .addColumn('other_id', 'text', (c) => c.notNull())
        .addColumn('other_envelope', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('detected_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('equivocations_pk', ['dialogue_id', 'party_id', 'seq', 'other_id'])
        .execute();

      await backfillClocksAndTargets(db as Kysely<OldSchema>);
    },
  };
}

interface OldSchema {
  events: { dialogue_id: string; log_index: number; id: string; party_id: string; seq: number; envelope: string; body: string | null; clock: number; target: string | null };
  aggregates: { dialogue_id: string; kind: string; id: string; state: string; version: number; last_clock: number; last_party: string; last_seq: number };
}

async function backfillClocksAndTargets(db: Kysely<OldSchema>): Promise<void> {
  const dialogues = await db.selectFrom('events').select('dialogue_id').distinct().execute();
  for (const { dialogue_id: dialogue } of dialogues) {
    const clocks = new Map<string, number>();
    const clockAtIndex = new Map<number, number>();
    for (let from = 0; ; from += PAGE) {
      const rows = await db.selectFrom('events').select(['log_index', 'id', 'envelope', 'body'])
        .where('dialogue_id', '=', dialogue).where('log_index', '>=', from).where('log_index', '<', from + PAGE)
        .orderBy('log_index').execute();
      if (rows.length === 0) break;
      for (const row of rows) {
        const envelope = JSON.parse(row.envelope) as { prev: string | null; seen?: Record<string, string> };
        let clock = 0;
        for (const dependency of [envelope.prev, ...Object.values(envelope.seen ?? {})]) {
          if (dependency !== null) clock = Math.max(clock, clocks.get(dependency) ?? 0);
        }
        clock += 1;
        clocks.set(row.id, clock);
        clockAtIndex.set(row.log_index, clock);
        const body = row.body === null ? undefined : JSON.parse(row.body) as { target?: unknown };
        const target = body && typeof body === 'object' && typeof body.target === 'string' ? body.target : null;
        await db.updateTable('events').set({ clock, target })
          .where('dialogue_id', '=', dialogue).where('log_index', '=', row.log_index).execute();
      }
    }
    // The aggregate's version is the log index of the last event folded into it.
    await sql`update aggregates set
        last_clock = (select e.clock from events e where e.dialogue_id = aggregates.dialogue_id and e.log_index = aggregates.version),
        last_party = (select e.party_id from events e where e.dialogue_id = aggregates.dialogue_id and e.log_index = aggregates.version),
        last_seq = (select e.seq from events e where e.dialogue_id = aggregates.dialogue_id and e.log_index = aggregates.version)
      where dialogue_id = ${dialogue}
        and exists (select 1 from events e where e.dialogue_id = aggregates.dialogue_id and e.log_index = aggregates.version)`.execute(db);
    const terms = await db.selectFrom('aggregates').select(['id', 'state']).where('dialogue_id', '=', dialogue).where('kind', '=', 'terms').execute();
    for (const row of terms) {
      const state = JSON.parse(row.state) as { agreedAt?: unknown };
      if (typeof state.agreedAt !== 'number') continue;
      state.agreedAt = clockAtIndex.get(state.agreedAt) ?? state.agreedAt;
      await db.updateTable('aggregates').set({ state: canonicalize(state) })
        .where('dialogue_id', '=', dialogue).where('kind', '=', 'terms').where('id', '=', row.id).execute();
    }
  }
}
