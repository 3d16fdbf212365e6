/**
 * `parley demo` (what `npm start` runs): sets up a node with the demo dialogue of
 * scenarios/demo.yaml in the data directory if it has none, then shows the record working:
 * its latest checkpoint, a verification of every event, and where to go next.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { initNode, openNode } from '../app/node-context.js';
import { verifyStoredDialogue } from '../node/verify.js';
import type { DialogueId } from '../record/index.js';
import { importScenario } from '../app/import-scenario.js';
import { parseScenario } from '../scenario/index.js';
import { dataDir, withDataOption, type Io } from './io.js';

const DEMO_SCENARIO = 'scenarios/demo.yaml';

export function registerDemo(program: Command, io: Io): void {
  withDataOption(program.command('demo'))
    .description('set up the demo dialogue (if the data directory has none) and show its verified record')
    .option('--scenario <file>', 'scenario to load', DEMO_SCENARIO)
    .action(async (options: { data?: string; scenario: string }) => {
      const dir = dataDir(options);
      const scenario = parseScenario(readFileSync(options.scenario, 'utf8'));
      if (!existsSync(join(dir, 'node.json'))) await (await initNode({ dataDir: dir, name: 'demo.parley.local' })).close();
      const id = (scenario.dialogue.id ?? 'demo') as DialogueId;
      const existing = await openNode(dir);
      const isNew = !(await existing.store.dialogue(id));
      await existing.close();
      if (isNew) {
        await importScenario(dir, { ...scenario, dialogue: { ...scenario.dialogue, id } });
        io.out(`created the demo dialogue "${id}" in ${dir}\n`);
      }
      const ctx = await openNode(dir);
      try {
        const checkpoint = await ctx.records.checkpoint(id);
        const summary = await verifyStoredDialogue(ctx.store, ctx.records, id);
        io.out(`\nlatest signed checkpoint:\n${checkpoint.note}\n`);
        io.out(`verified ${summary.events} events (${Object.entries(summary.perParty).map(([p, n]) => `${p}: ${n}`).join(', ')})\n`);
        io.out(`\nmembers (fictional roles): ${scenario.parties.flatMap((p) => p.members.map((m) => m.id)).join(', ')}\n`);
        io.out(`\nnext:\n  npx parley post --data ${dir} --dialogue ${id} --as ${scenario.parties[0]?.members[0]?.id ?? 'MEMBER'} --text "Hello"\n` +
          `  npx parley export --data ${dir} --dialogue ${id} --out transcript.json && npx parley verify transcript.json\n`);
      } finally {
        await ctx.close();
      }
    });
}
