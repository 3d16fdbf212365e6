/**
 * Persistence (the Store port of src/node/ports.ts) over Kysely, on SQLite or PostgreSQL.
 *
 * - openStore(url | { sqlitePath } | { postgresUrl, schema }) → SqlStore: the composition root's entry.
 * - SqlStore: Store plus rebuildProjections(dialogue) for `parley rebuild`; `store.aggregates`
 *   (AggregateReader: projected aggregate state, also `tx.aggregates` inside withDialogue) and
 *   `store.privates` (PrivateStore: accounts, sessions, tokens, notes, drafts, escalation, the
 *   audit log — private tables), `store.transaction(work)` (store calls inside join one write
 *   transaction) with `store.afterCommit(effect)`,
 *   `store.webhooks` (WebhookStore: a party's webhooks, cursors and delivery outbox — private tables).
 * - StoreError: stable codes (duplicate_event, chain_broken, dialogue_exists, dialogue_not_found, …).
 * - createSqliteConnection / createPostgresConnection: the dialect factories ({ db, capabilities }).
 * - PROJECTIONS: the projections kept in step with the record.
 */
export { openStore, isPostgresUrl, type StoreLocation } from './open.js';
export { SqlStore } from './sql-store.js';
export { SqlPrivateStore } from './private-store.js';
export { SqlWebhookStore } from './webhook-store.js';
export { StoreError, type StoreErrorKind } from './errors.js';
export type { StoreCapabilities, StoreConnection } from './capabilities.js';
export { createSqliteConnection, type SqliteOptions } from './dialect/sqlite.js';
export { createPostgresConnection, type PostgresOptions } from './dialect/postgres.js';
export { PROJECTIONS, type Projection, type ProjectionBatch, type ProjectionHandler } from './projections/index.js';
export type { Database } from './schema.js';
