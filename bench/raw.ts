/**
 * The machine's raw ceilings, measured in the same run as the Parley figures:
 * - append: canonicalise → SHA-256 → Ed25519 sign → insert into a plain better-sqlite3 table
 *   (WAL, synchronous=NORMAL, one prepared statement), 100 rows per transaction, one thread;
 * - Ed25519 verify/s on one thread, and on one worker thread per core.
 */
import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { canonicalize } from '../src/record/index.js';
import { eventTime, messageBody } from './events.js';
import { median, rate, repeat } from './stats.js';

const ROWS_PER_TRANSACTION = 100;

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Two parties posting alternately, with real chain fields and a bilingual body. */
class RawEventSource {
  private readonly keys = [generateKeyPairSync('ed25519'), generateKeyPairSync('ed25519')];
  private readonly heads: Array<{ seq: number; id: string } | undefined> = [undefined, undefined];
  private n = 0;

  next(): { id: string; envelope: string; body: string } {
    const p = this.n % 2;
    const own = this.heads[p];
    const other = this.heads[1 - p];
    const party = p === 0 ? 'aurelia' : 'boreas';
    const body = canonicalize(messageBody(this.n));
    const header = {
      v: 1, dialogue: 'raw-bench', party, member: `${party}-delegate`,
      seq: own ? own.seq + 1 : 1, prev: own ? own.id : null,
      seen: other ? { [p === 0 ? 'boreas' : 'aurelia']: other.id } : {},
      time: eventTime(this.n), type: 'message.posted', bodyHash: sha256Hex(body),
    };
    const input = Buffer.from(canonicalize(header), 'utf8');
    const id = sha256Hex(input);
    const sig = sign(null, input, this.keys[p]!.privateKey).toString('base64');
    this.heads[p] = { seq: header.seq, id };
    this.n++;
    return { id, envelope: `${input.toString('utf8').slice(0, -1)},"sig":"${sig}"}`, body };
  }
}

/** Figure 1: events/s of the raw append pipeline (median of `rounds`), and the event size. */
export async function rawAppendCeiling(options: { events: number; rounds: number; tmp: string }): Promise<{ perSecond: number; rounds: number[]; eventBytes: number }> {
  const dir = mkdtempSync(join(options.tmp, 'raw-append-'));
  let eventBytes = 0;
  try {
    const rounds = await repeat(options.rounds, (round) => {
      const db = new BetterSqlite3(join(dir, `raw-${round}.db`));
      try {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.exec('create table events (n integer primary key, id text not null unique, envelope text not null, body text not null)');
        const insert = db.prepare('insert into events (n, id, envelope, body) values (?, ?, ?, ?)');
        const source = new RawEventSource();
        const sample = source.next();
        eventBytes = Buffer.byteLength(sample.envelope) + Buffer.byteLength(sample.body);
        insert.run(0, sample.id, sample.envelope, sample.body);
        let n = 1;
        const start = performance.now();
        while (n <= options.events) {
          const rows: Array<{ id: string; envelope: string; body: string }> = [];
          for (let i = 0; i < ROWS_PER_TRANSACTION && n + i <= options.events; i++) rows.push(source.next());
          db.transaction(() => {
            for (const row of rows) insert.run(n++, row.id, row.envelope, row.body);
          })();
        }
        return rate(options.events, performance.now() - start);
      } finally {
        db.close();
      }
    });
    return { perSecond: median(rounds), rounds, eventBytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface VerifyTask {
  readonly key: number;
  readonly message: Buffer;
  readonly signature: Buffer;
}

/** Valid signatures over event-sized signing inputs, by two keys (like a bilateral dialogue). */
function verifyTasks(count: number): { tasks: VerifyTask[]; publicKeys: Buffer[] } {
  const pairs = [generateKeyPairSync('ed25519'), generateKeyPairSync('ed25519')];
  const source = new RawEventSource();
  const tasks: VerifyTask[] = [];
  for (let i = 0; i < count; i++) {
    const message = Buffer.from(source.next().envelope, 'utf8');
    const key = i % 2;
    tasks.push({ key, message, signature: sign(null, message, pairs[key]!.privateKey) });
  }
  const publicKeys = pairs.map((p) => {
    const der = p.publicKey.export({ format: 'der', type: 'spki' });
    return Buffer.from(der.subarray(der.length - 32));
  });
  return { tasks, publicKeys };
}

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const VERIFY_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const keys = workerData.publicKeys.map((raw) => createPublicKey({ key: Buffer.concat([SPKI, Buffer.from(raw)]), format: 'der', type: 'spki' }));
const tasks = workerData.tasks.map((t) => ({ key: keys[t.key], message: Buffer.from(t.message), signature: Buffer.from(t.signature) }));
parentPort.on('message', () => {
  let ok = 0;
  for (const t of tasks) if (verify(null, t.message, t.key, t.signature)) ok++;
  parentPort.postMessage(ok);
});
parentPort.postMessage('ready');
`;

/** Figure 3: Ed25519 verify/s on one thread and on one worker per core (medians of `rounds`). */
export async function rawVerifyCeiling(options: { signatures: number; rounds: number; workersOnly?: boolean }): Promise<{
  singleThread: number; allCores: number; threads: number; singleRounds: number[]; allRounds: number[];
}> {
  const { tasks, publicKeys } = verifyTasks(options.signatures);
  const keyObjects: KeyObject[] = publicKeys.map((raw) => createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' }));

  const singleRounds = await repeat(options.workersOnly ? 0 : options.rounds, () => {
    const start = performance.now();
    let ok = 0;
    for (const t of tasks) if (verify(null, t.message, keyObjects[t.key]!, t.signature)) ok++;
    const ms = performance.now() - start;
    if (ok !== tasks.length) throw new Error(`raw verify: ${tasks.length - ok} valid signatures failed`);
    return rate(tasks.length, ms);
  });

  const threads = cpus().length;
  const slices = Array.from({ length: threads }, (_, w) => tasks.filter((_t, i) => i % threads === w));
  const workers = slices.map((slice) => new Worker(VERIFY_WORKER, {
    eval: true,
    workerData: { publicKeys, tasks: slice.map((t) => ({ key: t.key, message: t.message, signature: t.signature })) },
  }));
  try {
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', reject);
    })));
    const allRounds = await repeat(options.rounds, async () => {
      const start = performance.now();
      const counts = await Promise.all(workers.map((w) => new Promise<number>((resolve) => {
        w.once('message', (ok: number) => resolve(ok));
        w.postMessage('go');
      })));
      const ms = performance.now() - start;
      const ok = counts.reduce((a, b) => a + b, 0);
      if (ok !== tasks.length) throw new Error(`raw verify (workers): ${tasks.length - ok} valid signatures failed`);
      return rate(tasks.length, ms);
    });
    return { singleThread: median(singleRounds), allCores: median(allRounds), threads, singleRounds, allRounds };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
