/** `parley node info|url`: this node's published identity, for peers to pin (docs/federation.md). */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openNode, setNodeUrl } from '../app/node-context.js';
import { nodeInfo } from '../federation/index.js';
import { dataDir, printJson, withDataOption, withNode, type Io } from './io.js';

export function registerNode(program: Command, io: Io): void {
  const node = program.command('node').description('this node\'s identity: name, URL, keys and hosted parties');

  withDataOption(node.command('info'))
    .description('print the node name, URL, note key, witness (cosigner) key and hosted parties — what a peer pins')
    .option('--json', 'print as JSON (the input of `parley peer add --info`)')
    .action(async (options: { data?: string; json?: boolean }) => {
      const info = await withNode(options, (ctx) => nodeInfo(ctx));
      if (options.json) return printJson(io, info);
      io.out(`node: ${info.name}\n`);
      io.out(`url: ${info.url ?? '(not configured: parley node url <url>)'}\n`);
      io.out(`note key: ${info.noteKey}\n`);
      io.out(`cosigner key: ${info.cosignerKey}\n`);
      io.out(`parties hosted: ${info.parties.length === 0 ? '(none)' : ''}\n`);
      for (const party of info.parties) io.out(`  ${party.id} ${party.publicKey} ${JSON.stringify(party.name)}\n`);
    });

  withDataOption(node.command('url'))
    .description('set the base URL peers reach this node at (or clear it with --clear)')
    .argument('[url]', 'http:// or https:// base URL, e.g. https://parley.example.org')
    .option('--clear', 'remove the URL')
    .action(async (url: string | undefined, options: { data?: string; clear?: boolean }) => {
      const dir = dataDir(options);
      const ctx = await openNode(dir);
      await ctx.close();
      if (options.clear) setNodeUrl(dir, undefined);
      else if (url !== undefined) setNodeUrl(dir, checkUrl(url));
      io.out(`${options.clear || url === undefined ? (readUrl(dir) ?? '(no URL)') : url}\n`);
    });
}

/** An http(s) base URL without credentials, query or fragment (a trailing slash is dropped). */
export function checkUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`url: "${text}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('url: must be http:// or https://');
  if (url.username || url.password || url.search || url.hash) throw new Error('url: must not hold credentials, a query or a fragment');
  return url.toString().replace(/\/$/, '');
}

function readUrl(dir: string): string | undefined {
  return (JSON.parse(readFileSync(`${dir}/node.json`, 'utf8')) as { url?: string }).url;
}
