/**
 * `rejections.resolved_at` / `resolution`: a refused event another node sent can be offered to
 * the inbox again (`parley peer inbox --retry`, `parley serve` at start) once its cause is
 * fixed — a key pinned, this node upgraded to know a newer event type, room in the pending
 * table. A row stays as the record of the refusal; the retry that took the event in (or kept
 * it waiting, or found it held) sets when and what became of it. A row without one is still
 * refused. The index finds a dialogue's open refusals without reading the resolved ones.
 *
 * `payload_hash` (SHA-256 of the payload, hex): an event refused again for the same reason
 * while its row is open adds no row (an event pushed and pulled, or sent again and again by
 * a peer), found by the second index. Rows written before are hashed here.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { payloadHash } from '../payload-hash.js';

export function rejectionOutcomesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('rejections').addColumn('resolved_at', 'text').execute();
      await db.schema.alterTable('rejections').addColumn('resolution', 'text').execute();
      await db.schema.alterTable('rejections').addColumn('payload_hash', 'text').execute();
      // In pages by id: payloads may be large (up to the inbox's event limit each).
      for (let after = 0; ;) {
        const page = await sql<{ id: number; payload: string }>`select id, payload from rejections where id > ${after} order by id limit 500`.execute(db);
        for (const { id, payload } of page.rows) {
          await sql`update rejections set payload_hash = ${payloadHash(payload)} where id = ${id}`.execute(db);
        }
        if (page.rows.length < 500) break;
        after = Number(page.rows.at(-1)!.id);
      }
      await db.schema.createIndex('rejections_open').ifNotExists().on('rejections').columns(['dialogue_id', 'resolved_at', 'id']).execute();
      await db.schema.createIndex('rejections_payload').ifNotExists().on('rejections').columns(['dialogue_id', 'payload_hash']).execute();
    },
  };
}
