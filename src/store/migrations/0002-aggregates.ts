/**
 * The generic aggregate projection: one row per aggregate (working group, meeting, …) with
 * its state as canonical JSON and the index columns its kind exposes for lists. Public
 * derived data, like `messages`: rebuildable from `events` at any time.
 */
import type { Kysely, Migration } from 'kysely';

export function aggregatesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('aggregates').ifNotExists()
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('parent', 'text')
        .addColumn('party', 'text')
        .addColumn('date', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('aggregates_pk', ['dialogue_id', 'kind', 'id'])
        .execute();
      // Each list filter leads with (dialogue, kind); `date, id` is also the list order.
      for (const column of ['status', 'parent', 'party', 'date'] as const) {
        await db.schema.createIndex(`aggregates_${column}`).ifNotExists()
          .on('aggregates').columns(['dialogue_id', 'kind', column, ...(column === 'date' ? ['id'] : [])]).execute();
      }
    },
  };
}
