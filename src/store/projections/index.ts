/**
 * The projections the store maintains, applied to appended events in the same transaction,
 * and rebuilt from the record on demand. Add a row projection by listing it in PROJECTIONS;
 * aggregate state (aggregates.ts) follows the domain's registry of aggregate kinds.
 */
import type { Kysely } from 'kysely';
import type { DialogueId, EventId } from '../../record/index.js';
import type { MessageView, ProjectionReader, StoredEvent } from '../../node/ports.js';
import type { StoreCapabilities } from '../capabilities.js';
import { insertRows } from '../insert-rows.js';
import type { Database, NewRow, TableName } from '../schema.js';
import { AGGREGATE_TABLES } from './aggregates.js';
import { messageById, messagesOf, messagesProjection } from './messages.js';
import type { Projection, ProjectionBatch, ProjectionHandler } from './projection.js';

export type { Projection, ProjectionBatch, ProjectionHandler } from './projection.js';
export { AggregateProjector, AGGREGATE_TABLES } from './aggregates.js';
export { aggregateById, aggregatesOf, dueAggregatesOf, latestDateByParentOf, DEFAULT_AGGREGATE_LIMIT, MAX_AGGREGATE_LIMIT } from './aggregate-queries.js';

export const PROJECTIONS: readonly Projection[] = [messagesProjection];

/** Event type → the handlers of every projection that listens to it. */
const HANDLERS: ReadonlyMap<string, readonly ProjectionHandler[]> = (() => {
  const map = new Map<string, ProjectionHandler[]>();
  for (const projection of PROJECTIONS) {
    for (const [type, handler] of Object.entries(projection.handlers)) {
      map.set(type, [...(map.get(type) ?? []), handler]);
    }
  }
  return map;
})();

type Step =
  | { readonly kind: 'insert'; readonly table: TableName; readonly rows: NewRow<TableName>[] }
  | { readonly kind: 'run'; readonly work: (db: Kysely<Database>) => Promise<unknown> };

/** Applies every projection to `events` (in log order) with as few statements as possible. */
export async function projectEvents(
  db: Kysely<Database>, capabilities: StoreCapabilities, events: readonly StoredEvent[],
): Promise<void> {
  const steps: Step[] = [];
  const batch: ProjectionBatch = {
    insert(table, row) {
      const last = steps.at(-1);
      if (last?.kind === 'insert' && last.table === table) last.rows.push(row as NewRow<TableName>);
      else steps.push({ kind: 'insert', table, rows: [row as NewRow<TableName>] });
    },
    run(work) {
      steps.push({ kind: 'run', work });
    },
  };
  for (const stored of events) {
    for (const handler of HANDLERS.get(stored.event.type) ?? []) handler(stored, batch);
  }
  for (const step of steps) {
    if (step.kind === 'insert') await insertRows(db, capabilities, step.table, step.rows);
    else await step.work(db);
  }
}

/** Deletes every projected row of a dialogue (before replaying its events). */
export async function clearProjections(db: Kysely<Database>, dialogue: DialogueId): Promise<void> {
  for (const tables of [...PROJECTIONS.map((projection) => projection.tables), AGGREGATE_TABLES]) {
    for (const table of tables) {
      await db.deleteFrom(table).where('dialogue_id', '=', dialogue).execute();
    }
  }
}

/** Projection queries over whichever executor `db()` gives (the pool or a transaction). */
export function projectionReader(db: () => Promise<Kysely<Database>>): ProjectionReader {
  return {
    message: async (dialogue: DialogueId, id: EventId): Promise<MessageView | undefined> => messageById(await db(), dialogue, id),
    messages: async (dialogue, options) => messagesOf(await db(), dialogue, options),
  };
}
