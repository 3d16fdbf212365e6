/**
 * WAL checkpoints on a worker thread, off the event loop.
 *
 * SQLite's automatic checkpoint runs inside the commit that crosses `wal_autocheckpoint`
 * pages: that commit copies the WAL into the database file and fsyncs both, while the
 * event loop, which better-sqlite3 blocks, waits. On a busy disk those fsyncs took longer
 * than the group commits themselves (docs/decisions/0008-*.md). Here a second connection on
 * a worker thread runs PASSIVE checkpoints every CHECKPOINT_INTERVAL_MS: they copy what is
 * committed without taking the write lock, so commits go on meanwhile, and once the WAL is
 * fully copied the next commit starts it again from the beginning.
 *
 * Durability is unchanged: a commit is acknowledged when its frames are in the WAL, as
 * before (WAL, synchronous=NORMAL); checkpoints only move committed pages and fsync first.
 * The main connection keeps an automatic checkpoint as a backstop (BACKSTOP_PAGES), for when
 * this thread falls behind or has died.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints; a checkpoint with nothing new to copy costs little. */
const CHECKPOINT_INTERVAL_MS = 200;
/** The main connection's own automatic checkpoint threshold (SQLite's default is 1,000 pages). */
export const BACKSTOP_PAGES = 10_000;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
// Gone already (closed and deleted before this thread started): nothing to checkpoint.
if (!require('node:fs').existsSync(workerData.path)) process.exit(0);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = NORMAL');
setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: the next round retries */ }
}, workerData.intervalMs);
`;

/** A running checkpoint thread for one database file; `stop()` ends it. */
export class BackgroundCheckpointer {
  readonly #worker: Worker;
  #stopped: Promise<void> | undefined;

  constructor(path: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, intervalMs: CHECKPOINT_INTERVAL_MS } });
    // Never keeps the process alive, and a failure here must not take the node down: the
    // main connection's backstop checkpoint still bounds the WAL.
    this.#worker.unref();
    this.#worker.on('error', () => undefined);
  }

  /** Ends the thread; idempotent (the connection's close stops it too, without waiting). */
  stop(): Promise<void> {
    this.#stopped ??= this.#worker.terminate().then(() => undefined);
    return this.#stopped;
  }
}
