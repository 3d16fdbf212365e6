/**
 * The initial schema. Both engines run this same migration; the column types that differ
 * (binary data, surrogate keys) come from the dialect's capability flags.
 *
 * Public tables hold the shared record and what is derived from it. PRIVATE tables
 * (`members`, and later accounts, sessions, private notes, drafts, alert rules) hold data
 * of this node's parties only: federation and export NEVER read them.
 */
import type { Kysely, Migration } from 'kysely';
import type { StoreCapabilities } from '../capabilities.js';

export function initialMigration(capabilities: StoreCapabilities): Migration {
  const blob = capabilities.blobType;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('parties').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('public_key', blob, (c) => c.notNull())
        .execute();

      // PRIVATE: never read by federation or export.
      await db.schema.createTable('members').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('roles', 'text', (c) => c.notNull())
        .execute();

      await db.schema.createTable('dialogues').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema.createTable('dialogue_parties').ifNotExists()
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('dialogue_parties_pk', ['dialogue_id', 'party_id'])
        .addUniqueConstraint('dialogue_parties_position_unique', ['dialogue_id', 'position'])
        .execute();

      await db.schema.createTable('logs').ifNotExists()
        .addColumn('dialogue_id', 'text', (c) => c.primaryKey().references('dialogues.id'))
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('root', blob, (c) => c.notNull())
        .execute();

      await db.schema.createTable('events').ifNotExists()
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('log_index', 'integer', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('party_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('envelope', 'text', (c) => c.notNull())
        .addColumn('body', 'text')
        .addPrimaryKeyConstraint('events_pk', ['dialogue_id', 'log_index'])
        .addUniqueConstraint('events_id_unique', ['dialogue_id', 'id'])
        .addUniqueConstraint('events_chain_unique', ['dialogue_id', 'party_id', 'seq'])
        .execute();

      await db.schema.createTable('merkle_nodes').ifNotExists()
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('idx', 'integer', (c) => c.notNull())
        .addColumn('hash', blob, (c) => c.notNull())
        .addPrimaryKeyConstraint('merkle_nodes_pk', ['dialogue_id', 'level', 'idx'])
        .execute();

      await db.schema.createTable('chain_heads').ifNotExists()
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('party_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('chain_heads_pk', ['dialogue_id', 'party_id'])
        .execute();

      await db.schema.createTable('checkpoints').ifNotExists()
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('checkpoints_pk', ['dialogue_id', 'size'])
        .execute();

      // Not a foreign key: a refused event may name a dialogue this node does not know.
      await db.schema.createTable('rejections').ifNotExists()
        .addColumn('id', capabilities.identityColumn === 'serial' ? 'serial' : 'integer',
          (c) => (capabilities.identityColumn === 'serial' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('dialogue_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('time', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rejections_dialogue').ifNotExists()
        .on('rejections').columns(['dialogue_id', 'id']).execute();

      // Projection of message.posted; rebuildable from `events`.
      await db.schema.createTable('messages').ifNotExists()
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('log_index', 'integer', (c) => c.notNull())
        .addColumn('party_id', 'text', (c) => c.notNull())
        .addColumn('member_id', 'text')
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('text', 'text')
        .addPrimaryKeyConstraint('messages_pk', ['dialogue_id', 'event_id'])
        .execute();
      await db.schema.createIndex('messages_order').ifNotExists()
        .on('messages').columns(['dialogue_id', 'log_index']).execute();
    },
  };
}
