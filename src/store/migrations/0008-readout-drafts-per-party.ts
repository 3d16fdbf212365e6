/**
 * PRIVATE readout drafts keyed by (party, id) instead of id alone. With one key for every
 * party, a party choosing an id another party already used got "a draft with this id
 * exists" — which told it that the other party had a draft by that name. Each party now
 * has its own id space. The table is rebuilt (SQLite cannot change a primary key in place).
 */
import { sql, type Kysely, type Migration } from 'kysely';

export function readoutDraftsPerPartyMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('readout_drafts_by_party')
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('meeting', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('readout_drafts_by_party_pk', ['party_id', 'id'])
        .execute();
      await sql`insert into readout_drafts_by_party (id, party_id, dialogue_id, meeting, author_id, content, version, updated_at)
        select id, party_id, dialogue_id, meeting, author_id, content, version, updated_at from readout_drafts`.execute(db);
      await db.schema.dropTable('readout_drafts').execute();
      await db.schema.alterTable('readout_drafts_by_party').renameTo('readout_drafts').execute();
      await db.schema.createIndex('readout_drafts_scope').ifNotExists()
        .on('readout_drafts').columns(['party_id', 'dialogue_id']).execute();
    },
  };
}
