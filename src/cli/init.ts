/** `parley init`: creates a node (note key, database) in a data directory. */
import type { Command } from 'commander';
import { initNode } from '../app/node-context.js';
import { loadConfig } from '../config.js';
import { dataDir, printJson, withDataOption, type Io } from './io.js';
import { checkUrl } from './node.js';

export function registerInit(program: Command, io: Io): void {
  withDataOption(program.command('init'))
    .description('create a node: its Ed25519 note key and its database')
    .option('--name <name>', 'node name, used in checkpoint origins (default: $PARLEY_NODE_NAME, else parley.local)')
    .option('--database <url>', 'postgres://… to use PostgreSQL (default: embedded SQLite in the data directory)')
    .option('--url <url>', 'base URL peers reach this node at (federation)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { data?: string; name?: string; database?: string; url?: string; json?: boolean }) => {
      const config = loadConfig({
        ...process.env,
        ...(options.name ? { PARLEY_NODE_NAME: options.name } : {}),
        ...(options.database ? { PARLEY_DATABASE_URL: options.database } : {}),
      });
      const dir = dataDir(options);
      const ctx = await initNode({ dataDir: dir, name: config.nodeName, databaseUrl: config.databaseUrl, url: options.url === undefined ? undefined : checkUrl(options.url) });
      const logKey = ctx.records.logKey();
      await ctx.close();
      if (options.json) printJson(io, { dataDir: dir, name: config.nodeName, logKey, database: config.databaseUrl ? 'postgresql' : 'sqlite' });
      else io.out(`initialised node ${config.nodeName} in ${dir}\nlog key: ${logKey}\n`);
    });
}
