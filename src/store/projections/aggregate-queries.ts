/**
 * Queries over the `aggregates` projection: one aggregate by id, and filtered lists paged
 * by a cursor in (date, id) order — NULL dates first on every engine.
 */
import type { Kysely } from 'kysely';
import type { DialogueId } from '../../record/index.js';
import type { AggregateQuery, AggregateRecord, DueAggregate } from '../../node/private-ports.js';
import { StoreError } from '../errors.js';
import type { Database, Row } from '../schema.js';

export const DEFAULT_AGGREGATE_LIMIT = 100;
export const MAX_AGGREGATE_LIMIT = 500;

export function aggregateRecordOf<S>(row: Row<'aggregates'>): AggregateRecord<S> {
  return {
    dialogue: row.dialogue_id as DialogueId, kind: row.kind, id: row.id, state: JSON.parse(row.state) as S,
    status: row.status, parent: row.parent, party: row.party, date: row.date, due: row.due_at, version: row.version,
  };
}

export async function aggregateById<S>(
  db: Kysely<Database>, dialogue: DialogueId, kind: string, id: string,
): Promise<AggregateRecord<S> | undefined> {
  const row = await db.selectFrom('aggregates').selectAll()
    .where('dialogue_id', '=', dialogue).where('kind', '=', kind).where('id', '=', id)
    .executeTakeFirst();
  return row && aggregateRecordOf<S>(row);
}

/**
 * Aggregates of one kind matching every given filter, ordered by (date, id), at most
 * `limit` (default 100, capped at 500), after the cursor `after` (the id of the last one
 * of the previous page). An empty `status` list filters nothing. An unknown cursor is
 * refused (invalid_cursor) rather than silently restarting the list.
 */
export async function aggregatesOf<S>(
  db: Kysely<Database>, dialogue: DialogueId, kind: string, query: AggregateQuery = {},
): Promise<AggregateRecord<S>[]> {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_AGGREGATE_LIMIT), 1), MAX_AGGREGATE_LIMIT);
  let cursor: { date: string | null; id: string } | undefined;
  if (query.after !== undefined) {
    cursor = await db.selectFrom('aggregates').select(['date', 'id'])
      .where('dialogue_id', '=', dialogue).where('kind', '=', kind).where('id', '=', query.after)
      .executeTakeFirst();
    if (cursor === undefined) {
      throw new StoreError('invalid', 'invalid_cursor', `no ${kind} ${query.after} in dialogue ${dialogue} to continue after`);
    }
  }
  const status = query.status ?? [];
  const rows = await db.selectFrom('aggregates').selectAll()
    .where('dialogue_id', '=', dialogue).where('kind', '=', kind)
    .$if(status.length > 0, (q) => q.where('status', 'in', status))
    .$if(query.parent !== undefined, (q) => q.where('parent', '=', query.parent ?? ''))
    .$if(query.party !== undefined, (q) => q.where('party', '=', query.party ?? ''))
    .$if(query.dateFrom !== undefined, (q) => q.where('date', '>=', query.dateFrom ?? ''))
    .$if(query.dateTo !== undefined, (q) => q.where('date', '<=', query.dateTo ?? ''))
    .$if(cursor !== undefined, (q) => q.where((eb) => {
      const { date, id } = cursor ?? { date: null, id: '' };
      // NULL dates sort first: after a NULL-dated row come later NULL-dated ids, then every dated row.
      return date === null
        ? eb.or([eb.and([eb('date', 'is', null), eb('id', '>', id)]), eb('date', 'is not', null)])
        : eb.or([eb('date', '>', date), eb.and([eb('date', '=', date), eb('id', '>', id)])]);
    }))
    .orderBy('date', (ob) => ob.asc().nullsFirst())
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => aggregateRecordOf<S>(row));
}

/**
 * Aggregates of every dialogue and kind whose `due_at` is at or before `now`, in
 * (due_at, dialogue, kind, id) order, after the cursor (the last one of the previous page).
 * An aggregate the caller acted on moves its due time forward, so it sorts after the cursor
 * again if it is still due; one it skipped stays behind the cursor for the rest of the pass.
 */
export async function dueAggregatesOf(
  db: Kysely<Database>, now: string, options: { limit: number; after?: DueAggregate | undefined },
): Promise<DueAggregate[]> {
  const after = options.after;
  const rows = await db.selectFrom('aggregates').select(['dialogue_id', 'kind', 'id', 'due_at'])
    .where('due_at', 'is not', null).where('due_at', '<=', now)
    // Row-value comparison: after (due, dialogue, kind, id) of the cursor, in the list order.
    .$if(after !== undefined, (q) => q.where((eb) => eb(
      eb.refTuple('due_at', 'dialogue_id', 'kind', 'id'), '>', eb.tuple(after!.due, after!.dialogue, after!.kind, after!.id))))
    .orderBy('due_at').orderBy('dialogue_id').orderBy('kind').orderBy('id')
    .limit(options.limit)
    .execute();
  return rows.map((row) => ({ dialogue: row.dialogue_id as DialogueId, kind: row.kind, id: row.id, due: row.due_at! }));
}

/** Parent → the latest date among the dialogue's aggregates of `kind` that have both. */
export async function latestDateByParentOf(db: Kysely<Database>, dialogue: DialogueId, kind: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('aggregates')
    .select(['parent', (eb) => eb.fn.max('date').as('latest')])
    .where('dialogue_id', '=', dialogue).where('kind', '=', kind)
    .where('parent', 'is not', null).where('date', 'is not', null)
    .groupBy('parent')
    .execute();
  return new Map(rows.map((row) => [row.parent!, row.latest!]));
}
