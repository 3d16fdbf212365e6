/**
 * `federation_nonces`: the RFC 9421 `nonce` of every verified request a peer sent, kept
 * until the request would be stale anyway (docs/federation.md §2,
 * docs/decisions/0021-federation-replay-nonces.md). The primary key decides: a second
 * insert of the same peer and nonce is a replay, on every process sharing the database and
 * after a restart. Rows past `expires_at` are deleted as claims arrive (by the index).
 * No foreign key to `peers`: an unpinned and re-pinned peer's recent nonces stay refused.
 */
import type { Kysely, Migration } from 'kysely';

export function federationNoncesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('federation_nonces').ifNotExists()
        .addColumn('peer', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('federation_nonces_pk', ['peer', 'nonce'])
        .execute();
      await db.schema.createIndex('federation_nonces_expires_at').ifNotExists().on('federation_nonces').column('expires_at').execute();
    },
  };
}
