/**
 * Write transactions that know which one is running: store calls made inside a transaction
 * (from `withDialogue`'s work, say) join it instead of waiting for a connection it holds —
 * on SQLite, with its single connection, they would otherwise wait forever.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Kysely } from 'kysely';
import type { StoreCapabilities } from './capabilities.js';
import type { Database } from './schema.js';

interface Running<D> {
  readonly db: Kysely<Database>;
  /** Dialogues whose append lock this transaction holds, with their open dialogue transactions. */
  readonly dialogues: Map<string, D>;
  /** Effects to run once it has committed (afterCommit). */
  readonly committed: (() => void)[];
}

/** `D` is the open dialogue transaction kept for each locked dialogue. */
export class Transactions<D> {
  readonly #running = new AsyncLocalStorage<Running<D>>();

  constructor(private readonly db: Kysely<Database>, private readonly capabilities: StoreCapabilities) {}

  /** The running transaction's executor, or the pool outside one. */
  executor(): Kysely<Database> {
    return this.#running.getStore()?.db ?? this.db;
  }

  /** The running transaction's open transaction on `dialogue`, if it holds its lock. */
  openDialogue(dialogue: string): D | undefined {
    return this.#running.getStore()?.dialogues.get(dialogue);
  }

  /** Every open dialogue transaction of the running transaction. */
  openDialogues(): D[] {
    return [...(this.#running.getStore()?.dialogues.values() ?? [])];
  }

  /** Records that the running transaction holds `dialogue`'s lock; returns the undo. */
  markLocked(dialogue: string, open: D): () => void {
    const running = this.#running.getStore();
    running?.dialogues.set(dialogue, open);
    return () => running?.dialogues.delete(dialogue);
  }

  /**
   * Runs `effect` once the running transaction has committed, outside it (at once when none
   * is running); dropped if it rolls back.
   */
  afterCommit(effect: () => void): void {
    const running = this.#running.getStore();
    if (running === undefined) effect();
    else running.committed.push(effect);
  }

  /** Runs `work` in a write transaction, joining the running one if there is one. */
  async run<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    const running = this.#running.getStore();
    if (running !== undefined) return work(running.db);
    const committed: (() => void)[] = [];
    const result = await this.#transaction(work, committed);
    // The change is durable: one effect failing must neither skip the others nor turn the
    // committed change into an error for its caller.
    for (const effect of committed) {
      try {
        effect();
      } catch (error) {
        process.emitWarning(`an after-commit effect failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      }
    }
    return result;
  }

  async #transaction<T>(work: (db: Kysely<Database>) => Promise<T>, committed: (() => void)[]): Promise<T> {
    if (this.capabilities.appendLock === 'immediate_transaction') {
      // Kysely's transaction() issues a deferred BEGIN; BEGIN IMMEDIATE takes the write lock
      // up front (waiting up to busy_timeout), so no read-then-write upgrade can fail later.
      return this.db.connection().execute(async (connection) => {
        await (this.capabilities.beginWrite?.(connection) ?? sql`begin immediate`.execute(connection));
        try {
          const result = await this.#running.run({ db: connection, dialogues: new Map(), committed }, () => work(connection));
          await sql`commit`.execute(connection);
          return result;
        } catch (error) {
          await sql`rollback`.execute(connection).catch(() => undefined);
          throw error;
        }
      });
    }
    return this.db.transaction().execute((trx) =>
      this.#running.run({ db: trx, dialogues: new Map(), committed }, () => work(trx)));
  }
}
