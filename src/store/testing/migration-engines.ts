/**
 * Test helper for migration tests: fresh, unmigrated databases on both real engines (a SQLite
 * file under a temporary directory, a PostgreSQL schema), and migrating one to a chosen point.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, type Kysely } from 'kysely';
import type { StoreConnection } from '../capabilities.js';
import { createPostgresConnection } from '../dialect/postgres.js';
import { createSqliteConnection } from '../dialect/sqlite.js';
import { migrations } from '../migrations/index.js';
import type { Database } from '../schema.js';
import { TEST_POSTGRES_URL, createTestSchema, dropTestSchema } from './postgres-schema.js';

export interface MigrationEngines {
  /** Engine name → a fresh, unmigrated database. */
  readonly engines: Record<string, () => Promise<StoreConnection>>;
  /** Stops their background threads and deletes every database made (call in afterAll). */
  cleanup(): Promise<void>;
}

export function migrationEngines(): MigrationEngines {
  const dir = mkdtempSync(join(tmpdir(), 'parley-migration-'));
  const schemas: string[] = [];
  const sqlite: StoreConnection[] = [];
  return {
    engines: {
      sqlite: async () => {
        const connection = createSqliteConnection({ path: join(dir, `${Math.random().toString(36).slice(2)}.db`) });
        sqlite.push(connection);
        return connection;
      },
      postgres: async () => {
        const schema = await createTestSchema();
        schemas.push(schema);
        return createPostgresConnection({ url: TEST_POSTGRES_URL, schema });
      },
    },
    async cleanup() {
      // The checkpoint threads first: the files are deleted next (SqlStore.close() does the same).
      for (const connection of sqlite) await connection.stopBackground?.();
      rmSync(dir, { recursive: true, force: true });
      for (const schema of schemas) await dropTestSchema(schema);
    },
  };
}

/** Runs the migrations whose names `include` keeps (all by default); the error, if one failed. */
export async function migrateSome(connection: StoreConnection, include: (name: string) => boolean = () => true): Promise<unknown> {
  const all = migrations(connection.capabilities);
  const names = Object.keys(all).filter(include);
  const migrator = new Migrator({
    db: connection.db as unknown as Kysely<Database>,
    provider: { getMigrations: async () => Object.fromEntries(names.map((name) => [name, all[name]!])) },
    ...(connection.migrationSchema === undefined ? {} : { migrationTableSchema: connection.migrationSchema }),
  });
  return (await migrator.migrateToLatest()).error;
}
