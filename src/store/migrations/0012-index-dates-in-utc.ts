/**
 * Every stored aggregate `date` in the one form the list filters compare as text
 * (src/domain/index-dates.ts): UTC, milliseconds, `Z`. The projector now writes dates so;
 * rows written before kept the form the domain gave — a meeting's start as the client sent
 * it (`…T09:00:00Z`), a context event's bare date — and would sort and filter wrongly
 * against the normalised bounds until `parley rebuild`, or until their aggregate next changes.
 *
 * Plain reads and updates through Kysely, paged by key: the same on SQLite and PostgreSQL
 * (neither has a portable way to parse RFC 3339 in SQL). A value that is not an RFC 3339
 * date is left as it is, as the projector leaves it.
 */
import type { Kysely, Migration } from 'kysely';
import { indexDate } from '../../domain/index.js';

const PAGE = 1000;

interface AggregateDates {
  aggregates: { dialogue_id: string; kind: string; id: string; date: string | null };
}

export function indexDatesInUtcMigration(): Migration {
  return {
    async up(unknownDb: Kysely<unknown>) {
      const db = unknownDb as Kysely<AggregateDates>;
      let after: { dialogue_id: string; kind: string; id: string } | undefined;
      for (;;) {
        const from = after;
        const rows = await db.selectFrom('aggregates').select(['dialogue_id', 'kind', 'id', 'date'])
          .where('date', 'is not', null)
          .$if(from !== undefined, (q) => q.where((eb) => eb(
            eb.refTuple('dialogue_id', 'kind', 'id'), '>', eb.tuple(from!.dialogue_id, from!.kind, from!.id))))
          .orderBy('dialogue_id').orderBy('kind').orderBy('id')
          .limit(PAGE)
          .execute();
        for (const row of rows) {
          const date = indexDate(row.date!);
          if (date === row.date) continue;
          await db.updateTable('aggregates').set({ date })
            .where('dialogue_id', '=', row.dialogue_id).where('kind', '=', row.kind).where('id', '=', row.id)
            .execute();
        }
        if (rows.length < PAGE) return;
        after = rows.at(-1);
      }
    },
  };
}
