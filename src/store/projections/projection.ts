/**
 * What a projection is: a map from event type to a handler that queues writes on a batch.
 * Event types a projection does not list are ignored by it. Queued inserts into the same
 * table become one multi-row insert; other work runs in queue order.
 */
import type { Kysely } from 'kysely';
import type { StoredEvent } from '../../node/ports.js';
import type { Database, NewRow, TableName } from '../schema.js';

export interface ProjectionBatch {
  /** Queues one row for a multi-row insert. */
  insert<T extends TableName>(table: T, row: NewRow<T>): void;
  /** Queues arbitrary work (updates, deletes); it runs after everything queued before it. */
  run(work: (db: Kysely<Database>) => Promise<unknown>): void;
}

export type ProjectionHandler = (stored: StoredEvent, batch: ProjectionBatch) => void;

export interface Projection {
  readonly name: string;
  /** Tables it owns: each has a `dialogue_id` column and is cleared on rebuild. */
  readonly tables: readonly TableName[];
  /** Event type → handler. */
  readonly handlers: Readonly<Record<string, ProjectionHandler>>;
}
