/**
 * Append throughput of the store against the raw pipeline it wraps (STACK.md's
 * "canonicalise → SHA-256 → sign → insert, batches of 100"), on SQLite and PostgreSQL.
 * Run: node --import tsx test/store/append-bench.ts [sqlite|postgres]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { envelopeText, sha256, type DialogueId, type EventId, type PartyId } from '../../src/record/index.js';
import { openStore, type StoreLocation } from '../../src/store/index.js';
import { nextEvent, nextEvents, testParty } from '../../src/store/testing/signed-events.js';
import { TEST_POSTGRES_URL, createTestSchema, dropTestSchema } from '../../src/store/testing/postgres-schema.js';

const BATCH = 100;
const BATCHES = 30;
const party = testParty('bench');
const dialogue = 'd-bench' as DialogueId;

function rate(events: number, ms: number): number {
  return Math.round((events / ms) * 1000);
}

/** Signs a batch the way the raw pipeline does, returning rows of canonical text. */
function signBatch(seqStart: number): { id: EventId; envelope: string; body: string }[] {
  const rows = [];
  let heads = new Map<PartyId, { seq: number; id: EventId }>();
  if (seqStart > 1) heads = new Map([[party.record.id, { seq: seqStart - 1, id: 'x'.repeat(64) as EventId }]]);
  for (let i = 0; i < BATCH; i++) {
    const { event, id } = nextEvent(party, dialogue, heads);
    heads.set(party.record.id, { seq: event.seq, id });
    rows.push({ id, envelope: envelopeText(event), body: JSON.stringify(event.body) });
  }
  return rows;
}

async function rawSqlite(path: string): Promise<number> {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('create table raw (n integer primary key, id text unique, envelope text, body text, leaf blob)');
  const insert = db.prepare('insert into raw (n, id, envelope, body, leaf) values (?, ?, ?, ?, ?)');
  let n = 0;
  const start = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    const rows = signBatch(b * BATCH + 1);
    db.transaction(() => { for (const r of rows) insert.run(n++, r.id, r.envelope, r.body, sha256(r.envelope)); })();
  }
  const ms = performance.now() - start;
  db.close();
  return rate(BATCHES * BATCH, ms);
}

async function rawPostgres(schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, options: `-c search_path=${schema}` });
  await client.connect();
  await client.query('create table raw (n integer primary key, id text unique, envelope text, body text, leaf bytea)');
  let n = 0;
  const start = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    const rows = signBatch(b * BATCH + 1);
    const params: unknown[] = [];
    const values = rows.map((r, i) => {
      params.push(n++, r.id, r.envelope, r.body, sha256(r.envelope));
      return `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`;
    });
    await client.query('begin');
    await client.query(`insert into raw (n, id, envelope, body, leaf) values ${values.join(',')}`, params);
    await client.query('commit');
  }
  const ms = performance.now() - start;
  await client.end();
  return rate(BATCHES * BATCH, ms);
}

/** Store appends: `perAppend` events per append call, BATCH events per transaction. */
async function storeAppends(location: StoreLocation, perAppend: number): Promise<number> {
  const store = openStore(location);
  await store.migrate();
  await store.putParty(party.record);
  const id = `${dialogue}-${perAppend}` as DialogueId;
  await store.createDialogue({ id, title: { en: 'Bench' }, parties: [party.record.id], createdAt: '2025-01-01T00:00:00.000Z' });
  const start = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    await store.withDialogue(id, async (tx) => {
      const heads = new Map(await tx.heads());
      for (let i = 0; i < BATCH; i += perAppend) {
        const events = nextEvents(party, id, heads, perAppend);
        const last = events.at(-1);
        if (last) heads.set(party.record.id, { seq: last.event.seq, id: last.id });
        await tx.append(events);
      }
    });
  }
  const ms = performance.now() - start;
  await store.close();
  return rate(BATCHES * BATCH, ms);
}

async function bench(engine: string, raw: () => Promise<number>, location: StoreLocation): Promise<void> {
  const rawRate = await raw();
  const batched = await storeAppends(location, BATCH);
  const grouped = await storeAppends(location, 1);
  console.log(`${engine}: raw ${rawRate}/s | store, append(100) ${batched}/s = ${(batched / rawRate).toFixed(2)}× raw`
    + ` | store, 100× append(1) per tx ${grouped}/s = ${(grouped / rawRate).toFixed(2)}× raw`);
}

const which = process.argv[2];
if (which !== 'postgres') {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  try {
    await bench('sqlite', () => rawSqlite(join(dir, 'raw.db')), join(dir, 'store.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (which !== 'sqlite') {
  const schema = await createTestSchema();
  try {
    await bench('postgres', () => rawPostgres(schema), { postgresUrl: TEST_POSTGRES_URL, schema });
  } finally {
    await dropTestSchema(schema);
  }
}
