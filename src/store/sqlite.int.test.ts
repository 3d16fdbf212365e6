// The Store contract against a real SQLite file (better-sqlite3, WAL).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DialogueId, PartyId } from '../record/index.js';
import { createSqliteConnection } from './dialect/sqlite.js';
import { SqlStore } from './sql-store.js';
import { testParty } from './testing/signed-events.js';
import { describeStoreContract } from './store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));

describeStoreContract('sqlite', {
  connect: async () => createSqliteConnection({ path: join(dir, 'parley.db') }),
  teardown: async () => rmSync(dir, { recursive: true, force: true }),
});

describe('two connections to one SQLite file in one process', () => {
  it('a writer waiting for the other connection\'s lock leaves the thread free, so the holder, yielding meanwhile, commits and then the waiter writes', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'parley-lock-')), 'parley.db');
    const first = new SqlStore(createSqliteConnection({ path: file }));
    await first.migrate();
    const second = new SqlStore(createSqliteConnection({ path: file, busyTimeoutMs: 3_000 }));
    try {
      await first.putParty(testParty('alice').record);
      const dialogue = (id: string) => ({ id: id as DialogueId, title: { en: id }, parties: ['alice' as PartyId], createdAt: '2026-01-01T00:00:00.000Z' });
      await first.createDialogue(dialogue('held'));
      const order: string[] = [];
      const holder = first.withDialogue('held' as DialogueId, async () => {
        order.push('holder has the lock');
        // Yield to the event loop while holding the lock, as an appender awaiting signatures does.
        await new Promise((resolve) => setTimeout(resolve, 200));
        order.push('holder commits');
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const ticks = setInterval(() => order.push('tick'), 50);
      const waiter = second.createDialogue(dialogue('waited')).then(() => order.push('waiter wrote'));
      await Promise.all([holder, waiter]);
      clearInterval(ticks);
      expect(order.indexOf('holder commits')).toBeLessThan(order.indexOf('waiter wrote'));
      // The thread ran timers while the waiter waited (a blocking busy wait would run none).
      expect(order.slice(0, order.indexOf('holder commits')).filter((step) => step === 'tick').length).toBeGreaterThan(0);
      expect((await second.dialogues()).map((d) => d.id).sort()).toEqual(['held', 'waited']);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
