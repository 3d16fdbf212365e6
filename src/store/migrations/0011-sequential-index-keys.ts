/**
 * Index keys that grow with the log instead of hash-keyed ones, where a lookup by hash is not
 * needed (docs/decisions/0016-append-write-amplification.md).
 *
 * Event ids are hashes: an index keyed on one puts each new entry on a random page, and every
 * page an append touches is written to the WAL again at commit — a group of 56 events wrote
 * ~140 pages, most of them for such entries. Two of those indexes are replaced:
 *
 * - `messages` is keyed by (dialogue, log index) instead of (dialogue, event id); the separate
 *   `messages_order` index, which had exactly these columns, is gone with the old table. A
 *   message is found by id through the events table's unique (dialogue, id) index. The table
 *   is rebuilt: SQLite cannot change a primary key in place.
 * - `events.target` (the aggregate id a changing event names, indexed for refolds) becomes
 *   `events.target_index`: the log index of the event that created that aggregate. A receipt
 *   or an update names a recent aggregate far more often than an old one, so its entry goes
 *   near the end of the index. An event whose target is not in the log gets null.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export function sequentialIndexKeysMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('messages_by_log_index')
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('log_index', 'integer', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('party_id', 'text', (c) => c.notNull())
        .addColumn('member_id', 'text')
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('text', 'text')
        .addPrimaryKeyConstraint('messages_log_pk', ['dialogue_id', 'log_index'])
        .execute();
      await sql`insert into messages_by_log_index (dialogue_id, log_index, event_id, party_id, member_id, time, kind, text)
        select dialogue_id, log_index, event_id, party_id, member_id, time, kind, text from messages`.execute(db);
      await db.schema.dropTable('messages').execute();
      await db.schema.alterTable('messages_by_log_index').renameTo('messages').execute();

      await db.schema.alterTable('events').addColumn('target_index', 'integer').execute();
      await sql`update events set target_index = (
        select created.log_index from events created where created.dialogue_id = events.dialogue_id and created.id = events.target
      ) where target is not null`.execute(db);
      await db.schema.dropIndex('events_target').execute();
      await db.schema.alterTable('events').dropColumn('target').execute();
      await db.schema.createIndex('events_target_index').on('events').columns(['dialogue_id', 'target_index']).execute();
    },
  };
}
