/**
 * PRIVATE tables of outbound webhooks (docs/webhooks.md, docs/decisions/0010): a party's
 * endpoints with their signing secrets, the per-dialogue cursor up to which committed events
 * have been turned into deliveries, the durable delivery outbox (which doubles as the
 * delivery log) and every attempt. Federation and export never read them; every read of
 * endpoints and deliveries is scoped by party (src/store/webhook-store.ts).
 */
import type { Kysely, Migration } from 'kysely';

export function webhooksMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // PRIVATE: never read by federation or export. The secret signs deliveries, so it is kept.
      await db.schema.createTable('webhooks').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('types', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('webhooks_party').ifNotExists().on('webhooks').columns(['party_id', 'enabled']).execute();

      // How far each dialogue's record has been turned into deliveries (next log index to read).
      await db.schema.createTable('webhook_cursors').ifNotExists()
        .addColumn('dialogue_id', 'text', (c) => c.primaryKey().references('dialogues.id'))
        .addColumn('next_index', 'integer', (c) => c.notNull())
        .execute();

      // PRIVATE: the outbox and the delivery log in one: a row per (endpoint, event or notice).
      await db.schema.createTable('webhook_deliveries').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
        .addColumn('party_id', 'text', (c) => c.notNull())
        .addColumn('event_key', 'text', (c) => c.notNull())
        .addColumn('dialogue_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_attempt_at', 'text')
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addUniqueConstraint('webhook_deliveries_once', ['webhook_id', 'event_key'])
        .execute();
      await db.schema.createIndex('webhook_deliveries_due').ifNotExists()
        .on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('webhook_deliveries_log').ifNotExists()
        .on('webhook_deliveries').columns(['webhook_id', 'created_at']).execute();

      // PRIVATE: one row per attempt (status code or error), for the delivery log.
      await db.schema.createTable('webhook_attempts').ifNotExists()
        .addColumn('delivery_id', 'text', (c) => c.notNull().references('webhook_deliveries.id').onDelete('cascade'))
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addPrimaryKeyConstraint('webhook_attempts_pk', ['delivery_id', 'attempt'])
        .execute();
    },
  };
}
