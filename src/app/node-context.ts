/**
 * The composition root: the one place that wires adapters (store, key files, clock) into
 * the application service. The CLI and the HTTP server open a node through here.
 *
 * A data directory holds `node.json` (node name and database), `keys/` (mode 0700, key
 * files 0600) and, with the default embedded engine, `parley.db`.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FileKeyStore } from '../keys/file-key-store.js';
import { EventSigner, ParleyNode, RecordService, systemClock, type Clock, type KeyStore, type Store } from '../node/index.js';
import { EscalationDeadlines } from '../node/hotline-escalation.js';
import { Scheduler, type SchedulerErrorHandler } from '../node/scheduler.js';
import { openStore } from '../store/index.js';

const NodeFileSchema = z.strictObject({
  format: z.literal('parley-node/1'),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/),
  database: z.string().min(1),
  /** Base URL peers reach this node at (federation); optional. */
  url: z.string().url().optional(),
});
type NodeFile = z.infer<typeof NodeFileSchema>;

/**
 * Where the store lives: a SQLite file in the data directory, or a PostgreSQL URL, where an
 * optional `?schema=NAME` selects the schema (created beforehand) that holds Parley's tables.
 */
function storeLocation(dataDir: string, database: string) {
  if (!/^postgres(?:ql)?:\/\//.test(database)) return join(dataDir, database);
  const url = new URL(database);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  return schema ? { postgresUrl: url.toString(), schema } : url.toString();
}

export interface NodeContext {
  readonly dataDir: string;
  readonly name: string;
  /** Base URL peers reach this node at, if configured (`parley init --url`, `parley node url`). */
  readonly url: string | undefined;
  readonly keys: KeyStore;
  readonly node: ParleyNode;
  readonly records: RecordService;
  readonly store: Store;
  /** Acts on passed deadlines; `parley serve` and `demo` start it, tests call `runDue()`. */
  readonly scheduler: Scheduler;
  close(): Promise<void>;
}

export class NodeSetupError extends Error {
  override name = 'NodeSetupError';
}

const SQLITE_FILE = 'parley.db';

/** Creates a node in `dataDir`: node.json, its note key, and a migrated database. */
export async function initNode(options: { dataDir: string; name: string; databaseUrl?: string | undefined; url?: string | undefined }): Promise<NodeContext> {
  const nodeFile = join(options.dataDir, 'node.json');
  if (existsSync(nodeFile)) throw new NodeSetupError(`${options.dataDir} already holds a node (node.json exists)`);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const file: NodeFile = { format: 'parley-node/1', name: options.name, database: options.databaseUrl ?? SQLITE_FILE, ...(options.url ? { url: options.url } : {}) };
  const keys = new FileKeyStore(options.dataDir, options.name, { create: true });
  keys.noteKey();
  keys.witnessKey();
  writeFileSync(nodeFile, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
  const ctx = await openNode(options.dataDir);
  // The database holds private data (accounts, notes): readable by the node's user only.
  for (const suffix of ['', '-wal', '-shm']) {
    const path = join(options.dataDir, SQLITE_FILE + suffix);
    if (!options.databaseUrl && existsSync(path)) chmodSync(path, 0o600);
  }
  return ctx;
}

/** Scheduler failures go to stderr unless the caller logs them its own way. */
const reportToStderr: SchedulerErrorHandler = (error, where) => {
  process.stderr.write(`parley scheduler: ${where}: ${error instanceof Error ? error.message : String(error)}\n`);
};

/** Sets (or, with undefined, clears) the URL peers reach the node in `dataDir` at. */
export function setNodeUrl(dataDir: string, url: string | undefined): void {
  const nodeFile = join(dataDir, 'node.json');
  const parsed = NodeFileSchema.parse(JSON.parse(readFileSync(nodeFile, 'utf8')));
  const { url: _old, ...rest } = parsed;
  const next: NodeFile = NodeFileSchema.parse(url === undefined ? rest : { ...rest, url });
  writeFileSync(nodeFile, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
}

/** Opens the node in `dataDir` (after `parley init`). */
export async function openNode(dataDir: string, options: { clock?: Clock; onSchedulerError?: SchedulerErrorHandler } = {}): Promise<NodeContext> {
  const nodeFile = join(dataDir, 'node.json');
  if (!existsSync(nodeFile)) throw new NodeSetupError(`no node in ${dataDir}: run \`parley init --data ${dataDir}\` first`);
  const parsed = NodeFileSchema.safeParse(JSON.parse(readFileSync(nodeFile, 'utf8')));
  if (!parsed.success) {
    throw new NodeSetupError(`${nodeFile}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const { name, database, url } = parsed.data;
  const keys = new FileKeyStore(dataDir, name);
  const store = openStore(storeLocation(dataDir, database));
  await store.migrate();
  // A redaction commits before the bodies it names are deleted; a node stopped in between
  // deletes them now, before it serves anything.
  for (const dialogue of await store.dialogues()) await store.applyRedactions(dialogue.id);
  const clock = options.clock ?? systemClock;
  // Events are signed on a worker thread while the appender goes on (src/node/event-signer.ts).
  const signer = new EventSigner();
  const node = new ParleyNode({ store, keys, clock, signer });
  const records = new RecordService({ store, keys });
  const onError = options.onSchedulerError ?? reportToStderr;
  const scheduler = new Scheduler(node, { onError, sources: [new EscalationDeadlines(node, onError)] });
  const close = async () => {
    await scheduler.stop();
    await signer.close();
    await store.close();
  };
  return { dataDir, name, url, keys, node, records, store, scheduler, close };
}
