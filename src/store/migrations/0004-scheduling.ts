/**
 * Scheduling and the crisis hotline.
 *
 * - `aggregates.due_at`: when the node must next act on an aggregate without a person
 *   (`index(state).due`); the scheduler finds rows with `due_at <= now` through its index.
 *   Public derived data like the rest of the projection (rebuildable from `events`).
 * - `parties.time_zone`: the IANA zone a party's times are also shown in.
 * - PRIVATE (never read by federation or export): a party's escalation ladder per dialogue,
 *   the next escalation each unacknowledged call is waiting for, and every escalation step
 *   taken (who was paged, when). The primary key of a step, (party, dialogue, call, level),
 *   makes a repeated step impossible at the database as well as in the decider.
 */
import type { Kysely, Migration } from 'kysely';

export function schedulingMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('aggregates').addColumn('due_at', 'text').execute();
      await db.schema.createIndex('aggregates_due').ifNotExists().on('aggregates').columns(['due_at']).execute();
      await db.schema.alterTable('parties').addColumn('time_zone', 'text').execute();

      // PRIVATE: never read by federation or export.
      await db.schema.createTable('escalation_ladders').ifNotExists()
        .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('rungs', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('escalation_ladders_pk', ['party_id', 'dialogue_id'])
        .execute();

      // PRIVATE: never read by federation or export.
      await db.schema.createTable('escalation_pending').ifNotExists()
        .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('escalation_pending_pk', ['party_id', 'dialogue_id', 'call_id'])
        .execute();
      await db.schema.createIndex('escalation_pending_due').ifNotExists().on('escalation_pending').columns(['due_at']).execute();

      // PRIVATE: never read by federation or export.
      await db.schema.createTable('escalation_steps').ifNotExists()
        .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
        .addColumn('dialogue_id', 'text', (c) => c.notNull().references('dialogues.id'))
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('rung', 'text', (c) => c.notNull())
        .addColumn('paged', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('escalation_steps_pk', ['party_id', 'dialogue_id', 'call_id', 'level'])
        .execute();
    },
  };
}
