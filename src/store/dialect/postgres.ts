/**
 * PostgreSQL dialect set-up (pg): for deployments where several node processes share one
 * database. Appends are serialised per dialogue by a row lock on `logs`.
 */
import pg from 'pg';
import { Kysely, PostgresDialect, type DatabaseIntrospector } from 'kysely';
import type { StoreCapabilities, StoreConnection } from '../capabilities.js';
import type { Database } from '../schema.js';
import { SchemaScopedPostgresIntrospector } from './postgres-introspector.js';

export interface PostgresOptions {
  /** postgres:// or postgresql:// connection URL. */
  readonly url: string;
  /** Schema to use (search_path; default `public`); tests use a fresh one per suite. */
  readonly schema?: string;
  /** Pool size; defaults to 10. */
  readonly maxConnections?: number;
}

export const postgresCapabilities: StoreCapabilities = {
  engine: 'postgres',
  appendLock: 'row_lock',
  returning: true,
  blobType: 'bytea',
  identityColumn: 'serial',
  maxParameters: 65_535,
  isUniqueViolation: (error) => (error as { code?: unknown } | null)?.code === '23505',
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/** A pooled PostgreSQL connection set up for Parley. */
export function createPostgresConnection(options: PostgresOptions): StoreConnection {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error(`schema name must match ${SCHEMA_NAME}: ${options.schema}`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  const schema = options.schema ?? 'public';
  const db = new Kysely<Database>({ dialect: new ScopedPostgresDialect(pool, schema) });
  return { db, capabilities: postgresCapabilities, migrationSchema: schema };
}

/** Kysely's PostgreSQL dialect, introspecting only Parley's schema (see the introspector). */
class ScopedPostgresDialect extends PostgresDialect {
  readonly #schema: string;

  constructor(pool: pg.Pool, schema: string) {
    super({ pool });
    this.#schema = schema;
  }

  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SchemaScopedPostgresIntrospector(db, this.#schema);
  }
}
