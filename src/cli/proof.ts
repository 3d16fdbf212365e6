/** `parley proof`: RFC 9162 inclusion and consistency proofs with the checkpoint they verify against. */
import type { Command } from 'commander';
import type { DialogueId } from '../record/index.js';
import { integerOption, printJson, withDataOption, withNode, type Io } from './io.js';

export function registerProof(program: Command, io: Io): void {
  const proof = program.command('proof').description('print Merkle proofs as JSON (base64 hashes, RFC 9162 order)');
  withDataOption(proof.command('inclusion'))
    .description('prove that the event at --index is in the tree of --size events')
    .requiredOption('--dialogue <id>', 'dialogue id')
    .requiredOption('--index <i>', 'log index of the event (from 0)', integerOption('--index'))
    .option('--size <n>', 'tree size (default: the current log size)', integerOption('--size', 1))
    .option('--json', 'JSON output (the default; accepted for symmetry)')
    .action(async (options: { data?: string; dialogue: string; index: number; size?: number }) => {
      const result = await withNode(options, async (ctx) => {
        const dialogue = await ctx.node.dialogue(options.dialogue as DialogueId);
        return ctx.records.inclusionProof(dialogue.id, options.index, options.size);
      });
      printJson(io, { type: 'inclusion', ...result });
    });
  withDataOption(proof.command('consistency'))
    .description('prove that the tree of --from events is a prefix of the tree of --to events')
    .requiredOption('--dialogue <id>', 'dialogue id')
    .requiredOption('--from <m>', 'older tree size', integerOption('--from', 1))
    .option('--to <n>', 'newer tree size (default: the current log size)', integerOption('--to', 1))
    .option('--json', 'JSON output (the default; accepted for symmetry)')
    .action(async (options: { data?: string; dialogue: string; from: number; to?: number }) => {
      const result = await withNode(options, async (ctx) => {
        const dialogue = await ctx.node.dialogue(options.dialogue as DialogueId);
        return ctx.records.consistencyProof(dialogue.id, options.from, options.to);
      });
      printJson(io, { type: 'consistency', ...result });
    });
}
