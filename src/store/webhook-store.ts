/**
 * The WebhookStore port (src/node/webhook-ports.ts) over the PRIVATE tables of
 * migrations/0006-webhooks.ts. Endpoints and deliveries are read with the owning party in
 * the WHERE clause, so an id of another party finds nothing. Cursor moves and claims are
 * compare-and-set updates, so several processes on one PostgreSQL enqueue each event once
 * and send each attempt once.
 */
import type { Kysely } from 'kysely';
import type { DialogueId, PartyId } from '../record/index.js';
import type {
  DeliveryAttempt, DeliveryRecord, DeliveryStatus, NewDelivery, WebhookRecord, WebhookStore,
} from '../node/webhook-ports.js';
import type { StoreCapabilities } from './capabilities.js';
import type { Database, NewRow, Row } from './schema.js';

export class SqlWebhookStore implements WebhookStore {
  constructor(
    private readonly db: () => Kysely<Database>,
    private readonly transaction: <T>(work: (db: Kysely<Database>) => Promise<T>) => Promise<T>,
    private readonly capabilities: StoreCapabilities,
  ) {}

  async createWebhook(webhook: WebhookRecord): Promise<void> {
    await this.transaction(async (db) => {
      if (webhook.enabled) await startCursors(db, webhook.party);
      await db.insertInto('webhooks').values({
        id: webhook.id, party_id: webhook.party, url: webhook.url, types: JSON.stringify(webhook.types), secret: webhook.secret,
        enabled: webhook.enabled ? 1 : 0, created_by: webhook.createdBy, created_at: webhook.createdAt, updated_at: webhook.updatedAt,
      }).execute();
    });
  }

  async webhook(party: PartyId, id: string): Promise<WebhookRecord | undefined> {
    const row = await this.db().selectFrom('webhooks').selectAll().where('party_id', '=', party).where('id', '=', id).executeTakeFirst();
    return row && webhookOf(row);
  }

  async webhooksOf(party: PartyId): Promise<WebhookRecord[]> {
    const rows = await this.db().selectFrom('webhooks').selectAll().where('party_id', '=', party).orderBy('created_at').orderBy('id').execute();
    return rows.map(webhookOf);
  }

  async enabledWebhooks(parties: readonly PartyId[]): Promise<WebhookRecord[]> {
    if (parties.length === 0) return [];
    const rows = await this.db().selectFrom('webhooks').selectAll().where('party_id', 'in', [...parties]).where('enabled', '=', 1)
      .orderBy('created_at').orderBy('id').execute();
    return rows.map(webhookOf);
  }

  async updateWebhook(
    party: PartyId, id: string, changes: Partial<Pick<WebhookRecord, 'url' | 'types' | 'secret' | 'enabled' | 'updatedAt'>>,
    check?: (current: WebhookRecord) => void,
  ): Promise<WebhookRecord | undefined> {
    const set: Partial<NewRow<'webhooks'>> = {
      ...(changes.url !== undefined ? { url: changes.url } : {}),
      ...(changes.types !== undefined ? { types: JSON.stringify(changes.types) } : {}),
      ...(changes.secret !== undefined ? { secret: changes.secret } : {}),
      ...(changes.enabled !== undefined ? { enabled: changes.enabled ? 1 : 0 } : {}),
      ...(changes.updatedAt !== undefined ? { updated_at: changes.updatedAt } : {}),
    };
    return this.transaction(async (db) => {
      // Locked until the change commits (PostgreSQL; SQLite's write transaction excludes other writers).
      const current = await db.selectFrom('webhooks').selectAll().where('party_id', '=', party).where('id', '=', id)
        .$if(this.capabilities.appendLock === 'row_lock', (q) => q.forUpdate()).executeTakeFirst();
      if (!current) return undefined;
      check?.(webhookOf(current));
      if (Object.keys(set).length === 0) return webhookOf(current);
      if (changes.enabled === true) await startCursors(db, party);
      await db.updateTable('webhooks').set(set).where('party_id', '=', party).where('id', '=', id).execute();
      const row = await db.selectFrom('webhooks').selectAll().where('party_id', '=', party).where('id', '=', id).executeTakeFirst();
      return row && webhookOf(row);
    });
  }

  async deleteWebhook(party: PartyId, id: string): Promise<boolean> {
    return this.transaction(async (db) => {
      const found = await db.selectFrom('webhooks').select('id').where('party_id', '=', party).where('id', '=', id).executeTakeFirst();
      if (!found) return false;
      const deliveries = db.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', id);
      await db.deleteFrom('webhook_attempts').where('delivery_id', 'in', deliveries).execute();
      await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
      await db.deleteFrom('webhooks').where('id', '=', id).execute();
      return true;
    });
  }

  async cursor(dialogue: DialogueId): Promise<number | undefined> {
    const row = await this.db().selectFrom('webhook_cursors').select('next_index').where('dialogue_id', '=', dialogue).executeTakeFirst();
    return row?.next_index;
  }

  async enqueueEvents(dialogue: DialogueId, from: number | undefined, to: number, deliveries: readonly NewDelivery[]): Promise<boolean> {
    return this.transaction(async (db) => {
      if (from === undefined) {
        const inserted = await db.insertInto('webhook_cursors').values({ dialogue_id: dialogue, next_index: to })
          .onConflict((oc) => oc.column('dialogue_id').doNothing()).executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
      } else {
        const moved = await db.updateTable('webhook_cursors').set({ next_index: to })
          .where('dialogue_id', '=', dialogue).where('next_index', '=', from).executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) return false;
      }
      await insertDeliveries(db, this.capabilities, deliveries);
      return true;
    });
  }

  async enqueue(deliveries: readonly NewDelivery[]): Promise<void> {
    await insertDeliveries(this.db(), this.capabilities, deliveries);
  }

  async dueDeliveries(now: string, limit: number): Promise<DeliveryRecord[]> {
    // A disabled endpoint's deliveries wait, pending, until it is enabled again.
    const rows = await this.db().selectFrom('webhook_deliveries')
      .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
      .selectAll('webhook_deliveries')
      .where('webhook_deliveries.status', '=', 'pending').where('webhook_deliveries.next_attempt_at', '<=', now)
      .where('webhooks.enabled', '=', 1)
      .orderBy('webhook_deliveries.next_attempt_at').orderBy('webhook_deliveries.id').limit(limit).execute();
    return rows.map(deliveryOf);
  }

  async nextDue(): Promise<string | undefined> {
    const row = await this.db().selectFrom('webhook_deliveries')
      .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
      .select('webhook_deliveries.next_attempt_at')
      .where('webhook_deliveries.status', '=', 'pending').where('webhooks.enabled', '=', 1)
      .orderBy('webhook_deliveries.next_attempt_at').limit(1).executeTakeFirst();
    return row?.next_attempt_at ?? undefined;
  }

  async claim(id: string, expectedDue: string, leaseUntil: string): Promise<boolean> {
    const result = await this.db().updateTable('webhook_deliveries').set({ next_attempt_at: leaseUntil })
      .where('id', '=', id).where('status', '=', 'pending').where('next_attempt_at', '=', expectedDue).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async recordAttempt(id: string, attempt: DeliveryAttempt, outcome: { status: DeliveryStatus; nextAttemptAt: string | null }): Promise<void> {
    await this.transaction(async (db) => {
      await db.insertInto('webhook_attempts').values({
        delivery_id: id, attempt: attempt.attempt, at: attempt.at, status_code: attempt.statusCode, error: attempt.error,
      }).onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing()).execute();
      await db.updateTable('webhook_deliveries').set({
        status: outcome.status, attempts: attempt.attempt, next_attempt_at: outcome.nextAttemptAt,
        last_attempt_at: attempt.at, last_status: attempt.statusCode, last_error: attempt.error,
      }).where('id', '=', id).execute();
    });
  }

  async deliveries(party: PartyId, webhook: string, query: { limit: number; status?: DeliveryStatus }): Promise<Array<DeliveryRecord & { readonly attemptLog: readonly DeliveryAttempt[] }>> {
    const rows = await this.db().selectFrom('webhook_deliveries').selectAll()
      .where('party_id', '=', party).where('webhook_id', '=', webhook)
      .$if(query.status !== undefined, (q) => q.where('status', '=', query.status ?? ''))
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
    if (rows.length === 0) return [];
    const attempts = await this.db().selectFrom('webhook_attempts').selectAll()
      .where('delivery_id', 'in', rows.map((row) => row.id)).orderBy('attempt').execute();
    const byDelivery = new Map<string, DeliveryAttempt[]>();
    for (const a of attempts) {
      const list = byDelivery.get(a.delivery_id) ?? [];
      list.push({ attempt: a.attempt, at: a.at, statusCode: a.status_code, error: a.error });
      byDelivery.set(a.delivery_id, list);
    }
    return rows.map((row) => ({ ...deliveryOf(row), attemptLog: byDelivery.get(row.id) ?? [] }));
  }
}

/**
 * Before an endpoint of `party` is enabled: every dialogue of the party in which no endpoint
 * is enabled yet has its cursor moved to the end of its log. Nothing was owed there (the
 * outbox skips dialogues without enabled endpoints and leaves their cursors behind), so the
 * new endpoint receives what is committed from now on, not the history.
 */
async function startCursors(db: Kysely<Database>, party: PartyId): Promise<void> {
  const dialogues = await db.selectFrom('dialogue_parties').select('dialogue_id').where('party_id', '=', party).execute();
  for (const { dialogue_id: dialogue } of dialogues) {
    const active = await db.selectFrom('webhooks')
      .innerJoin('dialogue_parties', 'dialogue_parties.party_id', 'webhooks.party_id')
      .select('webhooks.id').where('dialogue_parties.dialogue_id', '=', dialogue).where('webhooks.enabled', '=', 1)
      .limit(1).executeTakeFirst();
    if (active) continue;
    const log = await db.selectFrom('logs').select('size').where('dialogue_id', '=', dialogue).executeTakeFirst();
    const size = log?.size ?? 0;
    await db.insertInto('webhook_cursors').values({ dialogue_id: dialogue, next_index: size })
      .onConflict((oc) => oc.column('dialogue_id').doUpdateSet({ next_index: size })).execute();
  }
}

async function insertDeliveries(db: Kysely<Database>, capabilities: StoreCapabilities, deliveries: readonly NewDelivery[]): Promise<void> {
  const rows: NewRow<'webhook_deliveries'>[] = deliveries.map((d) => ({
    id: d.id, webhook_id: d.webhook, party_id: d.party, event_key: d.eventKey, dialogue_id: d.dialogue, type: d.type,
    payload: d.payload, status: 'pending', attempts: 0, next_attempt_at: d.createdAt, created_at: d.createdAt,
    last_attempt_at: null, last_status: null, last_error: null,
  }));
  // 14 columns per row; stay under the engine's bound-parameter limit.
  const chunk = Math.max(1, Math.floor(capabilities.maxParameters / 14));
  for (let i = 0; i < rows.length; i += chunk) {
    await db.insertInto('webhook_deliveries').values(rows.slice(i, i + chunk))
      .onConflict((oc) => oc.columns(['webhook_id', 'event_key']).doNothing()).execute();
  }
}

function webhookOf(row: Row<'webhooks'>): WebhookRecord {
  return {
    id: row.id, party: row.party_id as PartyId, url: row.url, types: JSON.parse(row.types) as string[], secret: row.secret,
    enabled: row.enabled === 1, createdBy: row.created_by, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

function deliveryOf(row: Row<'webhook_deliveries'>): DeliveryRecord {
  return {
    id: row.id, webhook: row.webhook_id, party: row.party_id as PartyId, eventKey: row.event_key, dialogue: row.dialogue_id as DialogueId,
    type: row.type, payload: row.payload, createdAt: row.created_at, status: row.status as DeliveryStatus, attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at, lastAttemptAt: row.last_attempt_at, lastStatus: row.last_status, lastError: row.last_error,
  };
}
