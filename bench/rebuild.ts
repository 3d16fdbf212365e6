/**
 * Projection rebuild (`parley rebuild`): `store.rebuildProjections(dialogue)` on the generated
 * dialogue (bilingual `message.posted` events after the demo's opening events), timed in
 * events/s, median of `rounds` (each rebuild clears and replays the whole dialogue).
 *
 * Raw ceiling, same run, same database file: what a rebuild of the messages projection needs
 * at the least, with plain better-sqlite3 — read every event row of the dialogue in log
 * order (one prepared statement, pages of 1,000 like rebuildProjections), JSON.parse the
 * envelope and the body, and write one row per `message.posted` event into a table shaped
 * like `messages` (same columns and primary key, migration 0011; in a scratch file, WAL,
 * synchronous=NORMAL), all in one transaction that first deletes the previous round's rows.
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { NodeContext } from '../src/app/node-context.js';
import type { DialogueId } from '../src/record/index.js';
import { median, rate, repeat } from './stats.js';

const PAGE = 1000;

interface EventRow {
  readonly log_index: number;
  readonly id: string;
  readonly envelope: string;
  readonly body: string | null;
}

interface Envelope {
  readonly dialogue: string;
  readonly party: string;
  readonly member: string | null;
  readonly time: string;
  readonly type: string;
}

export interface RebuildFigure {
  readonly events: number;
  readonly perSecond: number;
  readonly rawPerSecond: number;
  readonly messages: number;
  readonly rounds: number[];
  readonly rawRounds: number[];
}

/** The SQLite file of a node made by `initNode` with the default engine. */
function databaseFile(ctx: NodeContext): string {
  return join(ctx.dataDir, 'parley.db');
}

/** One raw rebuild of the messages rows into `target`; returns the rows written. */
function rawRebuild(source: BetterSqlite3.Database, target: BetterSqlite3.Database, dialogue: DialogueId, size: number): number {
  const page = source.prepare<[string, number, number], EventRow>(
    'select log_index, id, envelope, body from events where dialogue_id = ? and log_index >= ? and log_index < ? order by log_index');
  const clear = target.prepare('delete from messages where dialogue_id = ?');
  const insert = target.prepare('insert into messages (dialogue_id, event_id, log_index, party_id, member_id, time, kind, text) values (?, ?, ?, ?, ?, ?, ?, ?)');
  let written = 0;
  target.transaction(() => {
    clear.run(dialogue);
    for (let from = 0; from < size; from += PAGE) {
      for (const row of page.all(dialogue, from, from + PAGE)) {
        const envelope = JSON.parse(row.envelope) as Envelope;
        const body = row.body === null ? undefined : (JSON.parse(row.body) as { kind?: string; text?: Record<string, string> });
        if (envelope.type !== 'message.posted') continue;
        insert.run(envelope.dialogue, row.id, row.log_index, envelope.party, envelope.member, envelope.time,
          body?.kind ?? 'informal', body === undefined ? null : JSON.stringify(body.text));
        written++;
      }
    }
  })();
  return written;
}

/** Rebuild events/s and its raw ceiling on `dialogue` of the open node `ctx` (SQLite). */
export async function rebuildFigure(options: { ctx: NodeContext; dialogue: DialogueId; rounds: number; scratch: string }): Promise<RebuildFigure> {
  const { ctx, dialogue } = options;
  const { size } = await ctx.store.log(dialogue);
  const source = new BetterSqlite3(databaseFile(ctx), { readonly: true, fileMustExist: true });
  const target = new BetterSqlite3(join(options.scratch, 'raw-rebuild.db'));
  try {
    const countMessages = source.prepare<[string], { n: number }>('select count(*) as n from messages where dialogue_id = ?');
    const messagesBefore = countMessages.get(dialogue)!.n;

    // Raw ceiling: one untimed round fills the table (and warms the page cache), then timed rounds.
    target.pragma('journal_mode = WAL');
    target.pragma('synchronous = NORMAL');
    target.exec(`create table messages (dialogue_id text not null, event_id text not null, log_index integer not null,
      party_id text not null, member_id text, time text not null, kind text not null, text text,
      constraint messages_pk primary key (dialogue_id, log_index))`);
    const rawMessages = rawRebuild(source, target, dialogue, size);
    if (rawMessages !== messagesBefore) throw new Error(`rebuild bench: ${rawMessages} message events in the log, ${messagesBefore} rows in messages`);
    const rawRounds = await repeat(options.rounds, () => {
      const start = performance.now();
      rawRebuild(source, target, dialogue, size);
      return rate(size, performance.now() - start);
    });

    const rounds = await repeat(options.rounds, async () => {
      const start = performance.now();
      await ctx.store.rebuildProjections(dialogue);
      const ms = performance.now() - start;
      const after = countMessages.get(dialogue)!.n;
      if (after !== messagesBefore) throw new Error(`rebuild bench: ${after} messages after the rebuild, ${messagesBefore} before`);
      return rate(size, ms);
    });
    return { events: size, perSecond: median(rounds), rawPerSecond: median(rawRounds), messages: messagesBefore, rounds, rawRounds };
  } finally {
    source.close();
    target.close();
  }
}
