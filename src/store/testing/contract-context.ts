/**
 * Test helper: what the parts of the Store contract suite share — the store under test, its
 * raw Kysely handle (to compare whole rows and seed edge cases), a statement counter, and
 * dialogue and party fixtures.
 */
import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { DialogueRecord } from '../../node/ports.js';
import type { StoreConnection } from '../capabilities.js';
import type { Database } from '../schema.js';
import type { SqlStore } from '../sql-store.js';
import type { TestParty } from './signed-events.js';

export interface ContractContext {
  store(): SqlStore;
  /** The same database as the store's (the store's transactions are not visible here until committed). */
  db(): Kysely<Database>;
  /** Statements the store has sent so far (BEGIN/COMMIT included). */
  statements(): number;
  /** A new dialogue between bob and alice (in that order). */
  newDialogue(): Promise<DialogueRecord>;
  readonly alice: TestParty;
  readonly bob: TestParty;
}

/** Counts every statement sent through the connection; the counter is read with `count()`. */
export function countingStatements(connection: StoreConnection): { connection: StoreConnection; count: () => number } {
  let count = 0;
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      count += 1;
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return args.result;
    },
  };
  return { connection: { ...connection, db: connection.db.withPlugin(plugin) }, count: () => count };
}
