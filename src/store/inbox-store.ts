/**
 * The InboxStore port (src/node/inbox-ports.ts) over `federation_pending` and
 * `equivocations` (migrations/0009-federation-core.ts). Writes join the running transaction
 * (the ingest's dialogue transaction), so a refused or applied batch commits as one.
 */
import type { Kysely } from 'kysely';
import { canonicalize, type DialogueId, type EventId, type PartyId, type SignedEvent } from '../record/index.js';
import type { EquivocationRecord, InboxStore, PendingEvent } from '../node/inbox-ports.js';
import type { StoreCapabilities } from './capabilities.js';
import type { Database } from './schema.js';

/** Ids per lookup query: well under every engine's parameter limit. */
const ID_CHUNK = 500;

export class SqlInboxStore implements InboxStore {
  constructor(
    private readonly db: () => Promise<Kysely<Database>>,
    private readonly capabilities: StoreCapabilities,
  ) {}

  async pending(dialogue: DialogueId, limit?: number): Promise<PendingEvent[]> {
    const rows = await (await this.db()).selectFrom('federation_pending').selectAll()
      .where('dialogue_id', '=', dialogue).orderBy('received_at').orderBy('party_id').orderBy('seq')
      .$if(limit !== undefined, (q) => q.limit(limit ?? 0)).execute();
    return rows.map((row) => ({
      dialogue: row.dialogue_id as DialogueId, id: row.event_id as EventId, event: JSON.parse(row.event) as SignedEvent,
      source: row.source, reason: row.reason, receivedAt: row.received_at,
    }));
  }

  async pendingCount(dialogue: DialogueId): Promise<number> {
    const row = await (await this.db()).selectFrom('federation_pending')
      .select((eb) => eb.fn.countAll<number | string>().as('count')).where('dialogue_id', '=', dialogue).executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async putPending(pending: PendingEvent): Promise<void> {
    await (await this.db()).insertInto('federation_pending').values({
      dialogue_id: pending.dialogue, event_id: pending.id, party_id: pending.event.party, seq: pending.event.seq,
      event: canonicalize(pending.event), source: pending.source, reason: pending.reason, received_at: pending.receivedAt,
    }).onConflict((oc) => oc.columns(['dialogue_id', 'event_id']).doUpdateSet({ reason: pending.reason })).execute();
  }

  async deletePending(dialogue: DialogueId, ids: readonly EventId[]): Promise<void> {
    if (ids.length === 0) return;
    await (await this.db()).deleteFrom('federation_pending').where('dialogue_id', '=', dialogue).where('event_id', 'in', [...ids]).execute();
  }

  async eventAt(dialogue: DialogueId, party: PartyId, seq: number): Promise<{ id: EventId; envelope: string } | undefined> {
    const row = await (await this.db()).selectFrom('events').select(['id', 'envelope'])
      .where('dialogue_id', '=', dialogue).where('party_id', '=', party).where('seq', '=', seq).executeTakeFirst();
    return row && { id: row.id as EventId, envelope: row.envelope };
  }

  async eventParties(dialogue: DialogueId, ids: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const db = await this.db();
    for (let start = 0; start < ids.length; start += ID_CHUNK) {
      const rows = await db.selectFrom('events').select(['id', 'party_id'])
        .where('dialogue_id', '=', dialogue).where('id', 'in', ids.slice(start, start + ID_CHUNK)).execute();
      for (const row of rows) found.set(row.id, row.party_id);
    }
    return found;
  }

  async recordEquivocation(record: EquivocationRecord): Promise<void> {
    await (await this.db()).insertInto('equivocations').values({
      dialogue_id: record.dialogue, party_id: record.party, seq: record.seq,
      stored_id: record.stored.id, stored_envelope: record.stored.envelope,
      other_id: record.other.id, other_envelope: record.other.envelope,
      source: record.source, detected_at: record.detectedAt,
    }).onConflict((oc) => oc.columns(['dialogue_id', 'party_id', 'seq', 'other_id']).doNothing()).execute();
  }

  async equivocations(dialogue: DialogueId): Promise<EquivocationRecord[]> {
    const rows = await (await this.db()).selectFrom('equivocations').selectAll()
      .where('dialogue_id', '=', dialogue).orderBy('detected_at').orderBy('party_id').orderBy('seq').execute();
    return rows.map((row) => ({
      dialogue: row.dialogue_id as DialogueId, party: row.party_id as PartyId, seq: row.seq,
      stored: { id: row.stored_id as EventId, envelope: row.stored_envelope },
      other: { id: row.other_id as EventId, envelope: row.other_envelope },
      source: row.source, detectedAt: row.detected_at,
    }));
  }
}
