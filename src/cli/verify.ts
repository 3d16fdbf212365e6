/**
 * `parley verify FILE` checks an exported transcript; `parley verify --data DIR` checks the
 * record in a node's database (every dialogue, or --dialogue ID). Exit 0 with a one-line
 * summary per dialogue, or exit 1 naming the first bad event and why.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { checkpointConflicts, verifiedCosignatures, type VerifiedCheckpointCosignature } from '../federation/index.js';
import { verifyStoredDialogue, verifyTranscriptFile } from '../node/verify.js';
import { TranscriptError, type DialogueId, type TranscriptKeys, type TranscriptSummary } from '../record/index.js';
import { CliExit, collect, dataDir, describeError, integerOption, printJson, withNode, type Io } from './io.js';

interface VerifyCliOptions { data?: string; dialogue?: string; json?: boolean; threads?: number; partyKey?: string[]; logKey?: string }

/** Keys an auditor obtained out of band: the record must have been verified with exactly these. */
interface PinnedKeys { readonly parties: ReadonlyMap<string, string>; readonly log: string | undefined }

function pinnedKeys(options: VerifyCliOptions): PinnedKeys {
  const parties = new Map<string, string>();
  for (const given of options.partyKey ?? []) {
    const match = /^([^=\s]+)=([A-Za-z0-9+/]{43}=)$/.exec(given);
    if (!match) throw new InvalidArgumentError(`--party-key: "${given}" is not PARTY=KEY (the party's base64 Ed25519 public key)`);
    parties.set(match[1]!, match[2]!);
  }
  return { parties, log: options.logKey };
}

/** The first difference between the keys a record was verified with and the pinned ones. */
function keyMismatch(keys: TranscriptKeys, pinned: PinnedKeys): KeyMismatch | undefined {
  for (const [party, key] of pinned.parties) {
    const actual = keys.parties[party];
    if (actual !== key) return new KeyMismatch(`party ${party}'s key is ${actual === undefined ? 'not in the record' : actual}, not the pinned ${key}`, key, actual);
  }
  if (pinned.log !== undefined && pinned.log !== keys.log) return new KeyMismatch(`the log key is ${keys.log}, not the pinned ${pinned.log}`, pinned.log, keys.log);
  return undefined;
}

class KeyMismatch extends Error {
  readonly code = 'key_mismatch';
  constructor(message: string, readonly expected: string, readonly actual: string | undefined) {
    super(message);
  }
}

export function registerVerify(program: Command, io: Io): void {
  program.command('verify')
    .description('verify a transcript FILE, or the record in a data directory (--data): signatures, chains, Merkle root, checkpoint')
    .argument('[file]', 'transcript file (from `parley export`)')
    .option('--data <dir>', 'verify the record held in this data directory instead of a file')
    .option('--dialogue <id>', 'with --data: only this dialogue')
    .option('--threads <n>', 'worker threads for signatures (default: one per core)', integerOption('--threads', 1))
    .option('--party-key <party=key>', "pin a party's public key (base64), obtained out of band: fail unless the record was signed with it (repeatable)", collect)
    .option('--log-key <key>', "pin the log's verifier key (the note key `parley node info` prints): fail unless the checkpoint was signed with it")
    .option('--json', 'print the result as JSON')
    .action(async (file: string | undefined, options: VerifyCliOptions) => {
      const pinned = pinnedKeys(options);
      if (file && (options.data || options.dialogue)) throw new Error('give either a FILE or --data, not both');
      const verifyOptions = options.threads ? { threads: options.threads } : {};
      const results: Result[] = [];
      let conflicts: { origin: string; source: string; reason: string; at: string }[] = [];
      if (file) {
        results.push(await attempt(file, () => verifyTranscriptFile(file, verifyOptions)));
      } else {
        dataDir(options); // validates --data / $PARLEY_DATA
        await withNode(options, async (ctx) => {
          const ids = options.dialogue ? [(await ctx.node.dialogue(options.dialogue as DialogueId)).id] : (await ctx.store.dialogues()).map((d) => d.id);
          for (const id of ids) {
            const result: Result = await attempt(`dialogue ${id}`, () => verifyStoredDialogue(ctx.store, ctx.records, id, verifyOptions));
            if (result.summary) {
              try {
                result.cosignatures = await verifiedCosignatures(ctx.store, ctx.records, id);
              } catch (error) {
                results.push({ subject: result.subject, error });
                continue;
              }
            }
            results.push(result);
          }
          conflicts = (await checkpointConflicts(ctx.store)).map(({ origin, source, reason, at }) => ({ origin, source, reason, at }));
        });
      }
      // A record is only as trustworthy as its keys (docs/formats.md §7.2): pinned keys must match.
      for (const result of results) {
        const mismatch = result.summary && keyMismatch(result.summary.keys, pinned);
        if (mismatch) result.error = mismatch;
      }
      report(io, results, conflicts, options.json === true);
      if (results.some((r) => r.error !== undefined) || conflicts.length > 0) throw new CliExit(1);
    });
}

interface Result {
  subject: string;
  summary?: TranscriptSummary;
  error?: unknown;
  cosignatures?: VerifiedCheckpointCosignature[];
}

async function attempt(subject: string, run: () => Promise<TranscriptSummary>): Promise<Result> {
  try {
    return { subject, summary: await run() };
  } catch (error) {
    return { subject, error };
  }
}

function report(io: Io, results: Result[], conflicts: { origin: string; source: string; reason: string; at: string }[], json: boolean): void {
  if (json) {
    const rows: unknown[] = results.map(({ subject, summary, error, cosignatures }) => (error === undefined
      ? { subject, ok: true, ...summary, ...(cosignatures ? { cosignatures } : {}) }
      : { subject, ok: false, ...failure(error) }));
    for (const conflict of conflicts) rows.push({ subject: `log ${conflict.origin}`, ok: false, code: 'checkpoint_equivocation', ...conflict });
    printJson(io, rows);
    return;
  }
  if (results.length === 0) io.out('no dialogues to verify\n');
  for (const { subject, summary, error, cosignatures } of results) {
    if (summary && error === undefined) {
      const parties = Object.entries(summary.perParty).map(([p, n]) => `${p} ${n}`).join(', ');
      io.out(`OK ${subject}: ${summary.events} events${parties ? ` (${parties})` : ''}, ` +
        `${summary.withheld} bodies withheld, root ${summary.root}, ` +
        (summary.checkpointSigner ? `checkpoint size ${summary.size} signed by ${summary.checkpointSigner}\n` : 'no signed checkpoint covers the whole log yet\n'));
      for (const c of cosignatures ?? []) io.out(`  checkpoint size ${c.size} cosigned by ${c.cosigner} at ${c.time}\n`);
      // What to compare with keys obtained out of band (or pin them: --party-key, --log-key).
      io.out(`  keys: ${Object.entries(summary.keys.parties).map(([party, key]) => `${party} ${key}`).join(', ')}; log ${summary.keys.log}\n`);
    } else {
      io.out(`FAIL ${subject}: ${describeError(error)}\n`);
    }
  }
  for (const c of conflicts) {
    io.out(`EQUIVOCATION log ${c.origin}: ${c.reason} (offered by ${c.source} at ${c.at}; both signed checkpoints kept)\n`);
  }
}

function failure(error: unknown) {
  if (error instanceof KeyMismatch) return { code: error.code, message: error.message, expected: error.expected, actual: error.actual };
  if (error instanceof TranscriptError) {
    return { code: error.code, index: error.index, party: error.party, seq: error.seq, type: error.type, message: error.message, expected: error.expected, actual: error.actual };
  }
  const code = (error as { code?: unknown }).code;
  return { code: typeof code === 'string' ? code : 'error', message: describeError(error) };
}
