/**
 * What the rest of the store may ask about the database engine. Engine differences live
 * only here and in dialect/*.ts; other code reads these flags, never the engine's name.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface StoreCapabilities {
  /** For messages and logs only; never branch on it. */
  readonly engine: string;
  /**
   * How appends to one dialogue are serialised across processes:
   * - `row_lock`: SELECT … FROM logs WHERE dialogue_id = ? FOR UPDATE inside the transaction;
   * - `immediate_transaction`: BEGIN IMMEDIATE takes the database's single write lock.
   */
  readonly appendLock: 'row_lock' | 'immediate_transaction';
  /** Whether INSERT/UPDATE … RETURNING works. */
  readonly returning: boolean;
  /** Column type for binary data (hashes, public keys). */
  readonly blobType: 'blob' | 'bytea';
  /** How a surrogate integer key is declared. */
  readonly identityColumn: 'integer_autoincrement' | 'serial';
  /** Bound parameters allowed in one statement; multi-row inserts are chunked below it. */
  readonly maxParameters: number;
  /** Whether `error` is a unique or primary-key violation. */
  isUniqueViolation(error: unknown): boolean;
  /**
   * For `immediate_transaction`: begins a write transaction on `connection`, waiting for
   * another connection's write lock without blocking this thread (absent: a plain BEGIN
   * IMMEDIATE, which waits synchronously up to the busy timeout).
   */
  readonly beginWrite?: (connection: Kysely<Database>) => Promise<void>;
  /**
   * The CREATE INDEX statements of `tables`' secondary indexes (not those behind a primary
   * key or unique constraint), so a bulk rebuild can drop them, load the rows and create them
   * again: one sort per index instead of a random B-tree insert per row. Absent where
   * dropping an index inside the rebuild's transaction would block other dialogues' readers
   * for its duration.
   */
  readonly secondaryIndexes?: (db: Kysely<Database>, tables: readonly string[]) => Promise<readonly IndexDefinition[]>;
}

/** A secondary index, as the engine itself would create it again. */
export interface IndexDefinition {
  readonly name: string;
  readonly sql: string;
}

/** What a dialect factory returns. */
export interface StoreConnection {
  readonly db: Kysely<Database>;
  readonly capabilities: StoreCapabilities;
  /**
   * Schema for Kysely's migration bookkeeping tables, where the engine has schemas. Kysely
   * looks for them across all schemas unless told which, so two Parley schemas in one
   * database would otherwise see each other's.
   */
  readonly migrationSchema?: string;
  /**
   * Stops what the connection runs besides the database (SQLite's checkpoint thread), awaited
   * by the store's `close()` before the database closes: the caller may delete the files next.
   */
  readonly stopBackground?: () => Promise<void>;
}
