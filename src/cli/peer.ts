/**
 * `parley peer add|list|remove` and `parley party host`: pinning other nodes and the parties
 * they host (docs/federation.md). Keys come out of band, from the peer's `parley node info --json`.
 * `parley peer inbox`: what peers sent that waits or was refused (`--retry`: offer the refused again).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  FederationInbox, NODE_INFO_FORMAT, inboxView, parseNodeInfo, partyHosts, pinPartyHost, pinPeer, retriedCounts, retriedView, type NodeInfo, type RetriedView,
} from '../federation/index.js';
import type { DialogueId } from '../record/index.js';
import { checkUrl } from './node.js';
import { collect, integerOption, printJson, withDataOption, withNode, type Io } from './io.js';

const WAITING: { readonly [reason: string]: string } = {
  seq_gap: 'an earlier event of its party has not arrived',
  seen_unknown: 'an event it has seen has not arrived',
};

/** One line for what a retry did: how many refused events it offered and what became of them. */
export function retryLine(rows: readonly { status: RetriedView['status'] }[]): string {
  if (rows.length === 0) return 'retried nothing: no refused event to offer again';
  const words: { readonly [status in RetriedView['status']]: string } = {
    appended: 'appended', duplicate: 'already held', waiting: 'now waiting', rejected: 'refused again', equivocation: 'equivocation',
  };
  return `retried ${rows.length} refused event(s): ${Object.entries(retriedCounts(rows)).map(([status, n]) => `${n} ${words[status as RetriedView['status']]}`).join(', ')}`;
}

export function registerPeer(program: Command, io: Io): void {
  const peer = program.command('peer').description('pinned peer nodes: their URL, note key, witness key and hosted parties');

  withDataOption(peer.command('add'))
    .description('pin a peer node: from its `parley node info --json` (--info) or from the options')
    .option('--info <file>', 'the peer\'s `parley node info --json` output ("-" for stdin)')
    .option('--name <name>', 'node name')
    .option('--url <url>', 'base URL of the peer')
    .option('--note-key <key>', 'its note verifier key <name>+<hash>+<base64>')
    .option('--cosigner-key <key>', 'its witness (cosigner) key <name>+<hash>+<base64>')
    .option('--party <id=base64key>', 'a party it hosts (repeatable)', collect)
    .option('--json', 'print the pinned peer as JSON')
    .action(async (options: { data?: string; info?: string; name?: string; url?: string; noteKey?: string; cosignerKey?: string; party?: string[]; json?: boolean }) => {
      const info = options.info !== undefined ? readInfo(options.info) : infoFromOptions(options);
      const pinned = await withNode(options, (ctx) => pinPeer(ctx, info, ctx.node.clock.now()));
      if (options.json) return printJson(io, { ...pinned, parties: info.parties.map((p) => p.id) });
      io.out(`pinned ${pinned.name}${pinned.url ? ` at ${pinned.url}` : ''}; parties: ${info.parties.map((p) => p.id).join(', ') || '(none: a witness)'}\n`);
    });

  withDataOption(peer.command('list'))
    .description('list pinned peers and the parties each hosts')
    .option('--json', 'print as JSON')
    .action(async (options: { data?: string; json?: boolean }) => {
      const { peers, hosts } = await withNode(options, async (ctx) => ({ peers: await ctx.store.peers.peers(), hosts: await ctx.store.peers.partyHosts() }));
      const rows = peers.map((p) => ({ ...p, parties: [...hosts].filter(([, node]) => node === p.name).map(([party]) => party) }));
      if (options.json) return printJson(io, rows);
      if (rows.length === 0) io.out('no peers pinned\n');
      for (const row of rows) {
        io.out(`${row.name} ${row.url ?? '(no URL)'}\n  note key: ${row.noteKey}\n  cosigner key: ${row.cosignerKey}\n  parties: ${row.parties.join(', ') || '(none)'}\n`);
      }
    });

  withDataOption(peer.command('inbox'))
    .description('what other nodes sent to a dialogue that this node has not applied: events waiting for an earlier one, and events refused')
    .requiredOption('--dialogue <id>', 'dialogue id')
    .option('--limit <n>', 'how many to show of each: the oldest waiting events, the newest refusals', integerOption('--limit', 1), 50)
    .option('--retry', 'first offer the refused events to the inbox again, once their cause is fixed (a key pinned, this node upgraded, the waiting list drained)')
    .option('--json', 'print as JSON')
    .action(async (options: { data?: string; dialogue: string; limit: number; retry?: boolean; json?: boolean }) => {
      const dialogue = options.dialogue as DialogueId;
      const { retried, view } = await withNode(options, async (ctx) => {
        if (!(await ctx.store.dialogue(dialogue))) throw new Error(`dialogue: no dialogue ${dialogue} on this node`);
        const retried = options.retry ? await new FederationInbox(ctx.node).retryRefused(dialogue) : undefined;
        return { retried, view: await inboxView(ctx.store, dialogue, options.limit) };
      });
      const retriedRows = retried?.map(retriedView);
      const { waiting: waitingRows, refused: refusedRows, waitingTotal, refusedTotal } = view;
      if (options.json) return printJson(io, { dialogue, ...(retriedRows ? { retried: retriedRows } : {}), ...view });
      if (retriedRows) io.out(`${retryLine(retriedRows)}\n`);
      io.out(`${dialogue}: ${waitingTotal} event(s) waiting, ${refusedTotal} refused${waitingTotal > waitingRows.length || refusedTotal > refusedRows.length ? ` (showing at most ${options.limit} of each)` : ''}\n`);
      for (const w of waitingRows) {
        // Reasons are a code and details (`seq_gap: red is at seq 3; this is seq 5`): the code is explained.
        io.out(`  waiting  ${w.party} seq ${w.seq} ${w.type} from ${w.from} since ${w.since}: ${WAITING[w.reason.split(':')[0] ?? ''] ?? w.reason}\n`);
      }
      for (const r of refusedRows) {
        io.out(`  refused  ${r.party ?? '?'} seq ${r.seq ?? '?'} ${r.type ?? '?'} from ${r.from} at ${r.at}: ${r.reason}\n`);
      }
      // A refused event leaves a gap in its party's chain: everything after it waits.
      if (refusedRows.length > 0 && waitingRows.length > 0) {
        io.out('  (events after a refused one of the same party wait for it: once its cause is fixed, --retry offers it again)\n');
      }
    });

  withDataOption(peer.command('remove'))
    .description('unpin a peer (the keys of its parties stay: the record names them)')
    .argument('<name>', 'node name')
    .action(async (name: string, options: { data?: string }) => {
      const removed = await withNode(options, (ctx) => ctx.store.peers.removePeer(name));
      if (!removed) throw new Error(`name: no pinned peer ${name}`);
      io.out(`removed ${name}\n`);
    });

  const party = program.command('party').description('parties known to this node and which node hosts each');
  withDataOption(party.command('host'))
    .description('record that a pinned peer hosts a party, pinning the party\'s key')
    .argument('<party>', 'party id')
    .requiredOption('--node <name>', 'the pinned peer that hosts it')
    .requiredOption('--key <base64>', 'the party\'s Ed25519 public key (base64, 32 bytes)')
    .option('--name <text>', 'the party\'s name (English)', '')
    .action(async (id: string, options: { data?: string; node: string; key: string; name: string }) => {
      await withNode(options, (ctx) => pinPartyHost(ctx, options.node, { id, name: { en: options.name || id }, publicKey: options.key }));
      io.out(`party ${id} is hosted by ${options.node}\n`);
    });
  withDataOption(party.command('list'))
    .description('list the parties known here and the node that hosts each')
    .option('--json', 'print as JSON')
    .action(async (options: { data?: string; json?: boolean }) => {
      const rows = await withNode(options, (ctx) => partyHosts(ctx));
      const view = rows.map(({ party: p, node }) => ({ id: p.id, name: p.name, publicKey: p.publicKey.toString('base64'), node: node ?? null }));
      if (options.json) return printJson(io, view);
      for (const row of view) io.out(`${row.id} ${row.node ?? '(host unknown)'} ${row.publicKey}\n`);
    });
}

function readInfo(file: string): NodeInfo {
  const text = readFileSync(file === '-' ? 0 : file, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`--info: ${file} is not JSON`);
  }
  return parseNodeInfo(value);
}

function infoFromOptions(options: { name?: string; url?: string; noteKey?: string; cosignerKey?: string; party?: string[] }): NodeInfo {
  for (const required of ['name', 'noteKey', 'cosignerKey'] as const) {
    if (options[required] === undefined) throw new Error(`--${required.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: required without --info`);
  }
  const parties = (options.party ?? []).map((spec) => {
    const at = spec.indexOf('=');
    if (at <= 0) throw new Error(`--party: "${spec}" is not <id>=<base64 key>`);
    return { id: spec.slice(0, at), name: { en: spec.slice(0, at) }, publicKey: spec.slice(at + 1) };
  });
  return parseNodeInfo({
    format: NODE_INFO_FORMAT, name: options.name, ...(options.url !== undefined ? { url: checkUrl(options.url) } : {}),
    noteKey: options.noteKey, cosignerKey: options.cosignerKey, parties,
  });
}
