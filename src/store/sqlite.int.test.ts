// The Store contract against a real SQLite file (better-sqlite3, WAL).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from './open.js';
import { describeStoreContract } from './store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));

describeStoreContract('sqlite', {
  open: async () => openStore(join(dir, 'parley.db')),
  teardown: async () => rmSync(dir, { recursive: true, force: true }),
});
