// Appends from several OS processes to one dialogue are serialised: PostgreSQL by the row
// lock on `logs`, SQLite by BEGIN IMMEDIATE + busy_timeout. Workers: test/store/append-worker.ts.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { DialogueId } from '../record/index.js';
import { openStore, type StoreLocation } from './open.js';
import { checkLog } from './testing/check-log.js';
import { TEST_POSTGRES_URL, createTestSchema, dropTestSchema } from './testing/postgres-schema.js';
import { testParty } from './testing/signed-events.js';

const WORKER = fileURLToPath(new URL('../../test/store/append-worker.ts', import.meta.url));
const PER_WORKER = 50;

interface Worker { readonly ready: Promise<void>; readonly done: Promise<{ start: number; end: number }>; go(): void }

function startWorker(args: object): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
  const ready = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); if (out.includes('ready')) resolve(); });
  });
  const done = new Promise<{ start: number; end: number }>((resolve, reject) => {
    child.on('exit', (code) => {
      const window = out.match(/done \d+ (\d+) (\d+)/);
      if (code === 0 && window) resolve({ start: Number(window[1]), end: Number(window[2]) });
      else reject(new Error(`worker exited ${code}: ${err}`));
    });
  });
  return { ready: Promise.race([ready, done.then(() => undefined)]), done, go: () => child.stdin.write('go\n') };
}

/** Starts one worker per party name, releases them together, and checks the shared log. */
async function appendConcurrently(location: StoreLocation, workerParties: readonly string[]): Promise<void> {
  const store = openStore(location);
  try {
    await store.migrate();
    for (const name of new Set(workerParties)) await store.putParty(testParty(name).record);
    const dialogue = `d-concurrent-${Date.now()}` as DialogueId;
    await store.createDialogue({
      id: dialogue, title: { en: 'Concurrent' }, parties: [...new Set(workerParties)] as never, createdAt: '2025-01-01T00:00:00.000Z',
    });
    const workers = workerParties.map((party, worker) => startWorker({ location, dialogue, party, worker, count: PER_WORKER, holdMs: 3 }));
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    const windows = await Promise.all(workers.map((w) => w.done));

    const events = await checkLog(store, dialogue);
    expect(events.length).toBe(PER_WORKER * workerParties.length);
    // The workers really contended: every one started before any finished. (Not necessarily
    // interleaved: SQLite's busy handler lets a back-to-back writer keep the lock.)
    expect(Math.max(...windows.map((w) => w.start))).toBeLessThan(Math.min(...windows.map((w) => w.end)));
  } finally {
    await store.close();
  }
}

describe('cross-process appends: postgres', () => {
  let schema = '';
  afterAll(async () => { if (schema) await dropTestSchema(schema); });

  it('serialises 3 processes (two for one party) on one dialogue', async () => {
    schema = await createTestSchema();
    await appendConcurrently({ postgresUrl: TEST_POSTGRES_URL, schema, maxConnections: 2 }, ['p1', 'p1', 'p2']);
  }, 60_000);
});

describe('cross-process appends: sqlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-xproc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serialises 2 processes on one database file', async () => {
    await appendConcurrently({ sqlitePath: join(dir, 'shared.db') }, ['s1', 's1']);
  }, 60_000);
});
