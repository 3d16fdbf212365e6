/**
 * `parley verify FILE` checks an exported transcript; `parley verify --data DIR` checks the
 * record in a node's database (every dialogue, or --dialogue ID). Exit 0 with a one-line
 * summary per dialogue, or exit 1 naming the first bad event and why.
 */
import type { Command } from 'commander';
import { verifyStoredDialogue, verifyTranscriptFile } from '../node/verify.js';
import { TranscriptError, type DialogueId, type TranscriptSummary } from '../record/index.js';
import { CliExit, dataDir, describeError, integerOption, printJson, withNode, type Io } from './io.js';

interface VerifyCliOptions { data?: string; dialogue?: string; json?: boolean; threads?: number }

export function registerVerify(program: Command, io: Io): void {
  program.command('verify')
    .description('verify a transcript FILE, or the record in a data directory (--data): signatures, chains, Merkle root, checkpoint')
    .argument('[file]', 'transcript file (from `parley export`)')
    .option('--data <dir>', 'verify the record held in this data directory instead of a file')
    .option('--dialogue <id>', 'with --data: only this dialogue')
    .option('--threads <n>', 'worker threads for signatures (default: one per core)', integerOption('--threads', 1))
    .option('--json', 'print the result as JSON')
    .action(async (file: string | undefined, options: VerifyCliOptions) => {
      if (file && (options.data || options.dialogue)) throw new Error('give either a FILE or --data, not both');
      const verifyOptions = options.threads ? { threads: options.threads } : {};
      const results: Array<{ subject: string; summary?: TranscriptSummary; error?: unknown }> = [];
      if (file) {
        results.push(await attempt(file, () => verifyTranscriptFile(file, verifyOptions)));
      } else {
        dataDir(options); // validates --data / $PARLEY_DATA
        await withNode(options, async (ctx) => {
          const ids = options.dialogue ? [(await ctx.node.dialogue(options.dialogue as DialogueId)).id] : (await ctx.store.dialogues()).map((d) => d.id);
          for (const id of ids) {
            results.push(await attempt(`dialogue ${id}`, () => verifyStoredDialogue(ctx.store, ctx.records, id, verifyOptions)));
          }
        });
      }
      report(io, results, options.json === true);
      if (results.some((r) => r.error !== undefined)) throw new CliExit(1);
    });
}

async function attempt(subject: string, run: () => Promise<TranscriptSummary>) {
  try {
    return { subject, summary: await run() };
  } catch (error) {
    return { subject, error };
  }
}

function report(io: Io, results: Array<{ subject: string; summary?: TranscriptSummary; error?: unknown }>, json: boolean): void {
  if (json) {
    printJson(io, results.map(({ subject, summary, error }) => (error === undefined
      ? { subject, ok: true, ...summary }
      : { subject, ok: false, ...failure(error) })));
    return;
  }
  if (results.length === 0) io.out('no dialogues to verify\n');
  for (const { subject, summary, error } of results) {
    if (summary) {
      const parties = Object.entries(summary.perParty).map(([p, n]) => `${p} ${n}`).join(', ');
      io.out(`OK ${subject}: ${summary.events} events${parties ? ` (${parties})` : ''}, ` +
        `${summary.withheld} bodies withheld, root ${summary.root}, ` +
        (summary.checkpointSigner ? `checkpoint size ${summary.size} signed by ${summary.checkpointSigner}\n` : 'no signed checkpoint covers the whole log yet\n'));
    } else {
      io.out(`FAIL ${subject}: ${describeError(error)}\n`);
    }
  }
}

function failure(error: unknown) {
  if (error instanceof TranscriptError) {
    return { code: error.code, index: error.index, party: error.party, seq: error.seq, type: error.type, message: error.message, expected: error.expected, actual: error.actual };
  }
  const code = (error as { code?: unknown }).code;
  return { code: typeof code === 'string' ? code : 'error', message: describeError(error) };
}
