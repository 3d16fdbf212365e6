// The Store contract against a real SQLite file (better-sqlite3, WAL).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteConnection } from './dialect/sqlite.js';
import { describeStoreContract } from './store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));

describeStoreContract('sqlite', {
  connect: async () => createSqliteConnection({ path: join(dir, 'parley.db') }),
  teardown: async () => rmSync(dir, { recursive: true, force: true }),
});
