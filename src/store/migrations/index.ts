/**
 * Schema migrations: Kysely's Migrator over a static list, the same for both engines.
 * Append new migrations to the list; never edit one that has shipped.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { StoreCapabilities } from '../capabilities.js';
import type { Database } from '../schema.js';
import { initialMigration } from './0001-initial.js';
import { aggregatesMigration } from './0002-aggregates.js';
import { privateDataMigration } from './0003-private-data.js';
import { webhooksMigration } from './0006-webhooks.js';
import { schedulingMigration } from './0004-scheduling.js';
import { readoutDraftsPerPartyMigration } from './0008-readout-drafts-per-party.js';
import { federationCoreMigration } from './0009-federation-core.js';
import { peersMigration } from './0010-peers.js';
import { sequentialIndexKeysMigration } from './0011-sequential-index-keys.js';
import { indexDatesInUtcMigration } from './0012-index-dates-in-utc.js';
import { federationNoncesMigration } from './0013-federation-nonces.js';
import { auditLogMigration } from './0014-audit-log.js';
import { rejectionOutcomesMigration } from './0015-rejection-outcomes.js';

/** Every migration, by name; names sort in the order they run. */
export function migrations(capabilities: StoreCapabilities): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(capabilities),
    '0002-aggregates': aggregatesMigration(),
    '0003-private-data': privateDataMigration(),
    '0006-webhooks': webhooksMigration(),
    '0004-scheduling': schedulingMigration(),
    '0008-readout-drafts-per-party': readoutDraftsPerPartyMigration(),
    '0009-federation-core': federationCoreMigration(),
    '0010-peers': peersMigration(),
    '0011-sequential-index-keys': sequentialIndexKeysMigration(),
    '0012-index-dates-in-utc': indexDatesInUtcMigration(),
    '0013-federation-nonces': federationNoncesMigration(),
    '0014-audit-log': auditLogMigration(capabilities),
    '0015-rejection-outcomes': rejectionOutcomesMigration(),
  };
}

function staticProvider(capabilities: StoreCapabilities): MigrationProvider {
  return { getMigrations: async () => migrations(capabilities) };
}

/**
 * Runs pending migrations; a no-op when the schema is current. Throws the first failure.
 * (On PostgreSQL the migrator's look for its own tables reads Parley's schema alone — see
 * dialect/postgres-introspector.ts — so another schema dropped meanwhile cannot fail it.)
 */
export async function migrateToLatest(
  db: Kysely<Database>, capabilities: StoreCapabilities, migrationSchema?: string,
): Promise<void> {
  const migrator = new Migrator({
    db, provider: staticProvider(capabilities),
    ...(migrationSchema === undefined ? {} : { migrationTableSchema: migrationSchema }),
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error(`migration failed: ${String(error)}`);
}
