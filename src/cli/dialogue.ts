/**
 * Setting up parties, members and a dialogue across nodes from the command line
 * (docs/federation.md §1): `parley party create`, `parley member add`, and
 * `parley dialogue open` (on the first party's node) / `parley dialogue expect` (optional elsewhere:
 * the opening creates the dialogue where it arrives).
 */
import type { Command } from 'commander';
import { expectFederatedDialogue, openFederatedDialogue } from '../federation/index.js';
import { AuthService } from '../node/auth.js';
import type { DialogueId, MemberId, PartyId } from '../record/index.js';
import { SAFE_ID } from '../keys/file-key-store.js';
import { collect, withDataOption, withNode, type Io } from './io.js';

function safeId(value: string, field: string): string {
  if (!SAFE_ID.test(value)) throw new Error(`${field}: "${value}" must be lowercase letters, digits, _ and - (at most 64)`);
  return value;
}

export function registerDialogueSetup(program: Command, io: Io): void {
  const party = program.commands.find((c) => c.name() === 'party') ?? program.command('party');
  withDataOption(party.command('create'))
    .description('host a new party on this node (creates its signing key)')
    .argument('<id>', 'party id')
    .requiredOption('--name <text>', 'the party\'s name (English)')
    .option('--time-zone <zone>', 'IANA time zone its members work in')
    .action(async (id: string, options: { data?: string; name: string; timeZone?: string }) => {
      await withNode(options, (ctx) => ctx.node.hostParty(safeId(id, 'id') as PartyId, { en: options.name }, { timeZone: options.timeZone }));
      io.out(`party ${id} is hosted by this node\n`);
    });

  const member = program.command('member').description('members of the parties hosted here (private to this node)');
  withDataOption(member.command('add'))
    .description('add a member to a party hosted here')
    .argument('<id>', 'member id')
    .requiredOption('--party <id>', 'its party (hosted here)')
    .requiredOption('--name <text>', 'display name')
    .requiredOption('--role <role>', 'a role (repeatable): principal, delegate, notetaker, duty_officer, observer, admin', collect)
    .option('--password <password>', 'set a password for logging in to the web app')
    .action(async (id: string, options: { data?: string; party: string; name: string; role: string[]; password?: string }) => {
      await withNode(options, async (ctx) => {
        if (!ctx.keys.partyKey(options.party as PartyId)) throw new Error(`--party: party ${options.party} is not hosted on this node`);
        await ctx.node.addMember({ id: safeId(id, 'id') as MemberId, party: options.party as PartyId, name: options.name, roles: options.role as never });
        if (options.password) await new AuthService({ store: ctx.store, privates: ctx.store.privates, clock: ctx.node.clock }).setPassword(id as MemberId, options.password);
      });
      io.out(`member ${id} of ${options.party} added\n`);
    });

  const dialogue = program.command('dialogue').description('dialogues whose parties are hosted on different nodes');
  const spec = (id: string, options: { title: string; party: string[] }) => ({
    id: safeId(id, 'id') as DialogueId, title: { en: options.title }, parties: (options.party ?? []) as PartyId[], createdAt: new Date().toISOString(),
  });
  withDataOption(dialogue.command('open'))
    .description('on the node of the first party: record the dialogue and sign dialogue.opened (the others join on their nodes)')
    .argument('<id>', 'dialogue id')
    .requiredOption('--title <text>', 'title (English)')
    .requiredOption('--party <id>', 'a party, in order (repeatable; the first is hosted here)', collect)
    .action(async (id: string, options: { data?: string; title: string; party: string[] }) => {
      await withNode(options, (ctx) => openFederatedDialogue(ctx.node, spec(id, options)));
      io.out(`opened ${id}; the other parties join when it reaches their nodes\n`);
    });
  withDataOption(dialogue.command('expect'))
    .description('on another node, optionally: record the dialogue beforehand (its opening, when it arrives, creates it anyway; the party hosted here then joins)')
    .argument('<id>', 'dialogue id')
    .requiredOption('--title <text>', 'title (English)')
    .requiredOption('--party <id>', 'a party, in the same order as on the opening node (repeatable)', collect)
    .action(async (id: string, options: { data?: string; title: string; party: string[] }) => {
      await withNode(options, (ctx) => expectFederatedDialogue(ctx.node, spec(id, options)));
      io.out(`expecting ${id}\n`);
    });
}
