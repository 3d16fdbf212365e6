/** `parley import FILE`: applies a YAML scenario file; prints the dialogue id on its last line. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { importScenario } from '../app/import-scenario.js';
import { parseScenario } from '../scenario/index.js';
import { dataDir, printJson, withDataOption, type Io } from './io.js';

export function registerImport(program: Command, io: Io): void {
  withDataOption(program.command('import'))
    .description('apply a YAML scenario file (parties, members, dialogue); prints the dialogue id last')
    .argument('<file>', 'scenario file (YAML)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { data?: string; json?: boolean }) => {
      const scenario = parseScenario(readFileSync(file, 'utf8'));
      const dialogue = await importScenario(dataDir(options), scenario);
      if (options.json) printJson(io, { dialogue });
      else io.out(`imported ${file}: ${scenario.parties.length} parties\n${dialogue}\n`);
    });
}
