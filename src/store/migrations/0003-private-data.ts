/**
 * PRIVATE tables: accounts, sessions, API tokens, private notes and readout drafts of the
 * parties this node hosts. Federation and export NEVER read them; every read of notes and
 * drafts is scoped by party (src/store/private-store.ts).
 */
import type { Kysely, Migration } from 'kysely';

export function privateDataMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // PRIVATE: never read by federation or export.
      await db.schema.createTable('accounts').ifNotExists()
        .addColumn('member_id', 'text', (c) => c.primaryKey().references('members.id'))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      // PRIVATE: never read by federation or export. Keyed by the secret's hash only.
      await db.schema.createTable('sessions').ifNotExists()
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_member').ifNotExists().on('sessions').column('member_id').execute();

      // PRIVATE: never read by federation or export.
      await db.schema.createTable('api_tokens').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('last_used_at', 'text')
        .execute();
      await db.schema.createIndex('api_tokens_member').ifNotExists().on('api_tokens').column('member_id').execute();

      // PRIVATE: never read by federation or export.
      await db.schema.createTable('private_notes').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('private_notes_scope').ifNotExists()
        .on('private_notes').columns(['party_id', 'dialogue_id', 'subject', 'created_at']).execute();

      // PRIVATE: never read by federation or export.
      await db.schema.createTable('readout_drafts').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('meeting', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('readout_drafts_scope').ifNotExists()
        .on('readout_drafts').columns(['party_id', 'dialogue_id']).execute();

      // membersOf(party) lists a party's members (table from 0001).
      await db.schema.createIndex('members_party').ifNotExists().on('members').column('party_id').execute();
    },
  };
}
