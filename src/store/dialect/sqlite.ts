/**
 * SQLite dialect set-up (better-sqlite3): the default, embedded engine. One file per node.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { StoreCapabilities, StoreConnection } from '../capabilities.js';
import type { Database } from '../schema.js';
import { BACKSTOP_PAGES, BackgroundCheckpointer } from './sqlite-checkpointer.js';

export interface SqliteOptions {
  /** Database file path, or ':memory:' (tests only: nothing is shared between processes). */
  readonly path: string;
  /** How long a writer waits for another process's write lock, in ms. */
  readonly busyTimeoutMs?: number;
}

export const sqliteCapabilities: StoreCapabilities = {
  engine: 'sqlite',
  appendLock: 'immediate_transaction',
  returning: true,
  blobType: 'blob',
  identityColumn: 'integer_autoincrement',
  // SQLITE_MAX_VARIABLE_NUMBER has been 32766 since SQLite 3.32.
  maxParameters: 32_766,
  // In WAL mode readers keep the last committed schema while the rebuild's transaction runs.
  // Indexes SQLite made for a primary key or UNIQUE constraint have no SQL and are kept.
  secondaryIndexes: async (db, tables) => {
    const { rows } = await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master
      WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${sql.join(tables)}) ORDER BY name`.execute(db);
    return rows;
  },
  isUniqueViolation: (error) => {
    const code = (error as { code?: unknown } | null)?.code;
    return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  },
};

/** Opens (creating if needed) a SQLite database file set up for Parley. */
export function createSqliteConnection(options: SqliteOptions): StoreConnection {
  const database = new BetterSqlite3(options.path);
  database.pragma('journal_mode = WAL');
  // WAL with synchronous=NORMAL: a commit is durable once written to the WAL, so an
  // acknowledged write survives a crash of this process (the OS still holds the pages).
  // It may be lost only if the machine loses power before the next checkpoint fsync;
  // FULL would fsync every commit and cost ~4x in append throughput (see STACK.md).
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  const busyTimeoutMs = Math.trunc(options.busyTimeoutMs ?? 10_000);
  database.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // 64 MiB of page cache (the default is 2 MiB): the hash-keyed indexes of events, messages and
  // aggregates take a random leaf page per row, and a cache that holds them saves a read each
  // (rebuild of 50,000 events: ~15% less CPU). Pages are only allocated as they are used.
  database.pragma('cache_size = -65536');
  // Statement journals in memory: a multi-row insert or upsert inside a transaction keeps the
  // pages it changes in one, and past 64 KiB SQLite spilled it to a temporary file — a write
  // per page, as many as the WAL got (measured: 31 → 18 write calls per HTTP post). The sorts
  // of a rebuild's CREATE INDEX stay in memory too: peak RSS of `parley rebuild` on 1,000,000
  // events 397–421 → 462–483 MiB, time within the noise.
  database.pragma('temp_store = MEMORY');
  // Checkpoints run on a worker thread; this connection only checkpoints as a backstop.
  const isFile = options.path !== ':memory:' && options.path !== '';
  const checkpointer = isFile ? new BackgroundCheckpointer(options.path) : undefined;
  if (checkpointer) database.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database, checkpointer) }) });
  return {
    db, capabilities: { ...sqliteCapabilities, beginWrite: (connection) => beginWrite(database, connection, busyTimeoutMs) },
    // Awaited by SqlStore.close(): a checkpoint thread still opening the file when the caller
    // deletes it threw inside better-sqlite3 while being terminated, which aborts the process.
    ...(checkpointer ? { stopBackground: () => checkpointer.stop() } : {}),
  };
}

/**
 * BEGIN IMMEDIATE with SQLite's busy handler off, retried with backoff until `timeoutMs`:
 * better-sqlite3's busy handler waits synchronously, so a writer waiting for another
 * connection's lock froze this thread — its event loop, its SSE streams, and, when both
 * connections are in this process, the lock holder itself, which may be awaiting its
 * signatures (decision 0014) and could then never commit.
 */
async function beginWrite(database: BetterSqlite3.Database, connection: Kysely<Database>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  // On the handle directly (synchronous, between Kysely's statements on this one connection).
  database.pragma('busy_timeout = 0');
  try {
    for (let delayMs = 1; ; delayMs = Math.min(delayMs * 2, 25)) {
      try {
        await sql`begin immediate`.execute(connection);
        return;
      } catch (error) {
        if ((error as { code?: unknown } | null)?.code !== 'SQLITE_BUSY' || performance.now() >= deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  } finally {
    database.pragma(`busy_timeout = ${timeoutMs}`);
  }
}

/** Statements kept prepared; the least recently used is dropped beyond this. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every query afresh; preparing costs more than running most of ours. The
 * same SQL text always gets the same prepared statement (statements are only ever used by
 * one query at a time: Kysely serialises the single connection).
 */
function withStatementCache(database: BetterSqlite3.Database, checkpointer: BackgroundCheckpointer | undefined) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      void checkpointer?.stop();
      database.close();
    },
    prepare(sql: string): BetterSqlite3.Statement {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
