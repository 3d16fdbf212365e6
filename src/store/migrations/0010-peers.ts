/**
 * Federation between nodes (docs/federation.md, docs/decisions/0013-federation.md): public
 * node-to-node state only — nothing here is private party data.
 *
 * - `peers`: other nodes pinned out of band (`parley peer add`): name, URL, note key (signs
 *   their checkpoints and their HTTP messages) and cosigner key (their witness signatures).
 * - `party_hosts`: which pinned node hosts a party that is not hosted here; the party's key
 *   itself stays in `parties` (the pinned key incoming events are verified against).
 * - `witnessed`: per log origin, the latest checkpoint this node cosigned as a witness; a
 *   new one is cosigned only when consistent with it (C2SP tlog-witness).
 * - `checkpoint_conflicts`: evidence of a log that forked — the checkpoint we had cosigned
 *   and the inconsistent one offered later, both signed notes as received.
 * - `checkpoint_cosignatures`: cosignature lines peers returned on this node's checkpoints.
 * - `federation_cursors`: per peer and dialogue, the next log index to push (our log) and
 *   to pull (the peer's log); moved by compare-and-set after the peer answered.
 */
import type { Kysely, Migration } from 'kysely';

export function peersMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('peers').ifNotExists()
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text')
        .addColumn('note_key', 'text', (c) => c.notNull())
        .addColumn('cosigner_key', 'text', (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema.createTable('party_hosts').ifNotExists()
        .addColumn('party_id', 'text', (c) => c.primaryKey().references('parties.id'))
        .addColumn('node_name', 'text', (c) => c.notNull().references('peers.name'))
        .execute();

      await db.schema.createTable('witnessed').ifNotExists()
        .addColumn('origin', 'text', (c) => c.primaryKey())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('root', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('cosigned_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema.createTable('checkpoint_conflicts').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('known_note', 'text', (c) => c.notNull())
        .addColumn('offered_note', 'text', (c) => c.notNull())
        .addColumn('proof', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('checkpoint_conflicts_origin').ifNotExists().on('checkpoint_conflicts').columns(['origin', 'at']).execute();

      await db.schema.createTable('checkpoint_cosignatures').ifNotExists()
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('cosigner', 'text', (c) => c.notNull())
        .addColumn('line', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('checkpoint_cosignatures_pk', ['dialogue_id', 'size', 'cosigner'])
        .execute();

      await db.schema.createTable('federation_cursors').ifNotExists()
        .addColumn('peer', 'text', (c) => c.notNull().references('peers.name').onDelete('cascade'))
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('next_index', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('federation_cursors_pk', ['peer', 'dialogue_id', 'direction'])
        .execute();
    },
  };
}
