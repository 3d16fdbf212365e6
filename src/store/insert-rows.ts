/**
 * Multi-row inserts chunked under the engine's bound-parameter limit: one statement per
 * chunk instead of one per row.
 *
 * The append path inserts a few hundred rows per group commit, and building a Kysely query
 * tree for them (parsing every row, freezing every node, compiling) cost more than running
 * the statement. So the SQL text is compiled once per engine, table, columns, conflict
 * clause and row count, and later inserts of the same shape only bind new parameters. The
 * repeated SQL text also lets the SQLite dialect reuse its prepared statement.
 */
import {
  createQueryId, type Compilable, type InsertQueryBuilder, type InsertResult, type Kysely, type RootOperationNode,
} from 'kysely';
import type { StoreCapabilities } from './capabilities.js';
import type { Database, NewRow, TableName } from './schema.js';

/** What follows `values(…)`: an ON CONFLICT clause, say. It must bind no parameters of its own. */
export interface InsertTail<T extends TableName> {
  /** Names the clause in the cache key; one name, one clause. */
  readonly name: string;
  readonly build: (query: InsertQueryBuilder<Database, T, InsertResult>) => Compilable;
}

/** A compiled insert: its SQL (compiled without plugins) and query tree (for plugins to see). */
interface Compiled {
  readonly sql: string;
  readonly query: RootOperationNode;
}

/** Compiled inserts by engine, then by shape (table, columns, tail, row count). */
const compiledInserts = new WeakMap<StoreCapabilities, Map<string, Compiled>>();
/** Shapes kept per engine; the oldest is dropped beyond this. */
const MAX_SHAPES = 256;

export async function insertRows<T extends TableName>(
  db: Kysely<Database>, capabilities: StoreCapabilities, table: T, rows: readonly NewRow<T>[], tail?: InsertTail<T>,
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first);
  const perChunk = Math.max(1, Math.floor(capabilities.maxParameters / columns.length));
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const parameters = parametersOf(columns, chunk);
    const compiled = parameters && compiledFor(db, capabilities, table, columns, chunk, parameters, tail);
    if (parameters && compiled && await executeCompiled(db, compiled, parameters)) continue;
    // The generic table type is too wide for Kysely's overloads; the rows are typed above.
    const query = db.insertInto(table).values(chunk as never);
    await db.executeQuery(tail ? tail.build(query) : query);
  }
}

/**
 * Runs the compiled SQL with new parameters. Plugins still see the query tree once, as
 * Kysely would show it; if one rewrites it, the cached SQL does not apply (returns false).
 */
async function executeCompiled(db: Kysely<Database>, compiled: Compiled, parameters: unknown[]): Promise<boolean> {
  const executor = db.getExecutor();
  const queryId = createQueryId();
  const query = executor.plugins.length === 0 ? compiled.query : executor.transformQuery(compiled.query, queryId);
  if (query !== compiled.query) return false;
  await executor.executeQuery({ sql: compiled.sql, query, parameters, queryId });
  return true;
}

/**
 * The rows' values in column order, or undefined when a row does not have exactly the
 * first row's columns with defined values (Kysely would then write DEFAULTs: left to it).
 */
function parametersOf(columns: readonly string[], rows: readonly object[]): unknown[] | undefined {
  const parameters: unknown[] = [];
  for (const row of rows) {
    const values = row as Record<string, unknown>;
    if (Object.keys(values).length !== columns.length) return undefined;
    for (const column of columns) {
      const value = values[column];
      if (value === undefined) return undefined;
      parameters.push(value);
    }
  }
  return parameters;
}

/** What Kysely compiles for this shape, from the cache if seen before. */
function compiledFor<T extends TableName>(
  db: Kysely<Database>, capabilities: StoreCapabilities, table: T, columns: readonly string[],
  rows: readonly NewRow<T>[], parameters: readonly unknown[], tail: InsertTail<T> | undefined,
): Compiled | undefined {
  let cache = compiledInserts.get(capabilities);
  if (cache === undefined) compiledInserts.set(capabilities, cache = new Map());
  const key = `${table}\u0000${columns.join(',')}\u0000${tail?.name ?? ''}\u0000${rows.length}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const plain = db.withoutPlugins();
  const query = plain.insertInto(table).values(rows as never);
  const compiled = (tail ? tail.build(query) : query).compile();
  // Only cache SQL whose parameters are exactly the row values in column order.
  if (compiled.parameters.length !== parameters.length || compiled.parameters.some((value, i) => value !== parameters[i])) return undefined;
  if (cache.size >= MAX_SHAPES) cache.delete(cache.keys().next().value as string);
  const entry = { sql: compiled.sql, query: compiled.query };
  cache.set(key, entry);
  return entry;
}
