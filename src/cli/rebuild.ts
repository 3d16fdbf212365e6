/** `parley rebuild`: replays the record into freshly cleared projections (state is a projection of the record). */
import type { Command } from 'commander';
import type { DialogueId } from '../record/index.js';
import { printJson, withDataOption, withNode, type Io } from './io.js';

export function registerRebuild(program: Command, io: Io): void {
  withDataOption(program.command('rebuild'))
    .description('rebuild every projection from the record (all dialogues, or --dialogue ID)')
    .option('--dialogue <id>', 'only this dialogue')
    .option('--json', 'print the result as JSON')
    .action(async (options: { data?: string; dialogue?: string; json?: boolean }) => {
      const results = await withNode(options, async (ctx) => {
        const ids = options.dialogue ? [(await ctx.node.dialogue(options.dialogue as DialogueId)).id] : (await ctx.store.dialogues()).map((d) => d.id);
        const done = [];
        for (const id of ids) {
          const started = performance.now();
          await ctx.store.rebuildProjections(id);
          const { size } = await ctx.store.log(id);
          done.push({ dialogue: id, events: size, ms: Math.round(performance.now() - started) });
        }
        return done;
      });
      if (options.json) printJson(io, results);
      else for (const r of results) io.out(`rebuilt ${r.dialogue}: ${r.events} events in ${r.ms} ms\n`);
    });
}
