/** `parley export`: writes a dialogue's transcript (events, keys, checkpoint), streaming. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import type { DialogueId } from '../record/index.js';
import { collect, withDataOption, withNode, type Io } from './io.js';

export function registerExport(program: Command, io: Io): void {
  withDataOption(program.command('export'))
    .description('export the transcript of a dialogue; --withhold-type leaves those bodies out (it still verifies)')
    .requiredOption('--dialogue <id>', 'dialogue id')
    .option('--out <file>', 'write to this file (default: standard output)')
    .option('--withhold-type <type>', 'event type whose bodies are withheld (repeatable)', collect)
    .action(async (options: { data?: string; dialogue: string; out?: string; withholdType?: string[] }) => {
      await withNode(options, async (ctx) => {
        const dialogue = await ctx.node.dialogue(options.dialogue as DialogueId);
        const chunks = ctx.records.transcriptChunks(dialogue.id, options.withholdType ?? []);
        if (!options.out) {
          for await (const chunk of chunks) io.out(chunk);
          return;
        }
        const file = createWriteStream(options.out, { mode: 0o600 });
        for await (const chunk of chunks) if (!file.write(chunk)) await once(file, 'drain');
        file.end();
        await once(file, 'finish');
        io.err(`wrote ${options.out}\n`);
      });
    });
}
