/**
 * PRIVATE: each hosted party's audit log of changes to its private data — members, roles,
 * passwords, API tokens, webhooks, escalation ladders (docs/access.md, docs/decisions/0022).
 * Append-only: the store has no statement that updates or deletes a row. Federation and
 * export never read it; every read is scoped by party (src/store/private-store.ts).
 */
import type { Kysely, Migration } from 'kysely';
import type { StoreCapabilities } from '../capabilities.js';

export function auditLogMigration(capabilities: StoreCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('audit_log').ifNotExists()
        // The order entries were written in (never shown: a node-wide count would tell one
        // party how often another's admins act).
        .addColumn('seq', capabilities.identityColumn === 'serial' ? 'serial' : 'integer',
          (c) => (capabilities.identityColumn === 'serial' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
        // No foreign key: an entry outlives whatever it names.
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        // JSON text: what changed (never a password, token or signing secret).
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      // A party's log is read newest first; the filters narrow that scan.
      await db.schema.createIndex('audit_log_party').ifNotExists().on('audit_log').columns(['party_id', 'seq']).execute();
    },
  };
}
