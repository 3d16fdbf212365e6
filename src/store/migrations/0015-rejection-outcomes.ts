/**
 * `rejections.resolved_at` / `resolution`: a refused event another node sent can be offered to
 * the inbox again (`parley peer inbox --retry`, `parley serve` at start) once its cause is
 * fixed — a key pinned, this node upgraded to know a newer event type, room in the pending
 * table. A row stays as the record of the refusal; the retry that took the event in (or kept
 * it waiting, or found it held) sets when and what became of it. A row without one is still
 * refused. The index finds a dialogue's open refusals without reading the resolved ones.
 */
import type { Kysely, Migration } from 'kysely';

export function rejectionOutcomesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('rejections').addColumn('resolved_at', 'text').execute();
      await db.schema.alterTable('rejections').addColumn('resolution', 'text').execute();
      await db.schema.createIndex('rejections_open').ifNotExists().on('rejections').columns(['dialogue_id', 'resolved_at', 'id']).execute();
    },
  };
}
