/**
 * Opens the node's store from configuration: a postgres:// or postgresql:// URL selects
 * PostgreSQL, anything else is a SQLite file path. The caller runs `migrate()`.
 */
import type { StoreConnection } from './capabilities.js';
import { createPostgresConnection } from './dialect/postgres.js';
import { createSqliteConnection } from './dialect/sqlite.js';
import { SqlStore } from './sql-store.js';

export type StoreLocation =
  | string
  | { readonly sqlitePath: string; readonly busyTimeoutMs?: number }
  | { readonly postgresUrl: string; readonly schema?: string; readonly maxConnections?: number };

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

export function isPostgresUrl(location: string): boolean {
  return POSTGRES_URL.test(location);
}

function connect(location: StoreLocation): StoreConnection {
  if (typeof location === 'string') {
    return isPostgresUrl(location) ? createPostgresConnection({ url: location }) : createSqliteConnection({ path: location });
  }
  if ('sqlitePath' in location) {
    return createSqliteConnection({ path: location.sqlitePath, busyTimeoutMs: location.busyTimeoutMs });
  }
  return createPostgresConnection({ url: location.postgresUrl, schema: location.schema, maxConnections: location.maxConnections });
}

/** A store over the given database; nothing is created or migrated until `migrate()`. */
export function openStore(location: StoreLocation): SqlStore {
  return new SqlStore(connect(location));
}
