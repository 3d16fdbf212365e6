/**
 * Multi-row inserts chunked under the engine's bound-parameter limit: one statement per
 * chunk instead of one per row.
 */
import type { Kysely } from 'kysely';
import type { StoreCapabilities } from './capabilities.js';
import type { Database, NewRow, TableName } from './schema.js';

export async function insertRows<T extends TableName>(
  db: Kysely<Database>, capabilities: StoreCapabilities, table: T, rows: readonly NewRow<T>[],
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const perChunk = Math.max(1, Math.floor(capabilities.maxParameters / Object.keys(first).length));
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    // The generic table type is too wide for Kysely's overloads; the rows are typed above.
    await db.insertInto(table).values(chunk as never).execute();
  }
}
