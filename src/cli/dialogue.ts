/**
 * Setting up parties, members and a dialogue across nodes from the command line
 * (docs/federation.md §1): `parley party create`, `parley member add`, and
 * `parley dialogue open` (on the first party's node) / `parley dialogue expect` (optional elsewhere:
 * the opening creates the dialogue where it arrives).
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { expectFederatedDialogue, openFederatedDialogue } from '../federation/index.js';
import { AuthService } from '../node/auth.js';
import { sameRoles } from '../domain/index.js';
import { audited, changedFields, type AuditedEntry, type Role } from '../node/index.js';
import type { DialogueId, MemberId, PartyId } from '../record/index.js';
import { SAFE_ID } from '../keys/file-key-store.js';
import { collect, withDataOption, withNode, type Io } from './io.js';

/** Who acts in the audit log when the node's operator runs a command: `operator:` and the OS user name. */
export function operatorName(): string {
  let user = 'unknown';
  try {
    user = userInfo().username || user;
  } catch {
    // No passwd entry for this uid (some containers): the entry still says an operator acted.
  }
  return `operator:${user}`;
}

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
    .description('add a member to a party hosted here, or change its name and roles (logged in the party\'s audit log as operator:<your user name>)')
    .argument('<id>', 'member id')
    .requiredOption('--party <id>', 'its party (hosted here)')
    .requiredOption('--name <text>', 'display name')
    .requiredOption('--role <role>', 'a role (repeatable): principal, delegate, notetaker, duty_officer, observer, admin', collect)
    .option('--password <password>', 'set a password for logging in to the web app (ends the member\'s sessions and API tokens)')
    .action(async (id: string, options: { data?: string; party: string; name: string; role: string[]; password?: string }) => {
      const wanted = { id: safeId(id, 'id') as MemberId, party: options.party as PartyId, name: options.name, roles: options.role as Role[] };
      const changed = await withNode(options, async (ctx) => {
        if (!ctx.keys.partyKey(wanted.party)) throw new Error(`--party: party ${wanted.party} is not hosted on this node`);
        const auth = new AuthService({ store: ctx.store, privates: ctx.store.privates, clock: ctx.node.clock });
        // Hashed before the transaction: scrypt takes ~100 ms, not to be spent holding the write lock.
        const hash = options.password !== undefined ? await auth.hashNewPassword(options.password) : undefined;
        // The node's operator acts outside any party; the party's admins see it in their log.
        const operator = { party: wanted.party, member: operatorName() as MemberId, roles: [] };
        return audited(ctx.node, operator, async () => {
          // Read in the transaction, the party's members locked (as an admin's change locks
          // them): a change made meanwhile is not overwritten, nor logged from a stale read.
          await ctx.store.privates.lockMembersOf(wanted.party);
          const before = await ctx.store.member(wanted.id);
          if (before && before.party !== wanted.party) throw new Error(`id: member ${wanted.id} belongs to party ${before.party}; a member cannot move to another party`);
          const entries: AuditedEntry[] = [];
          if (!before) {
            await ctx.node.createMember(wanted);
            entries.push({ action: 'member.added', target: wanted.id, detail: { name: wanted.name, roles: wanted.roles } });
          } else {
            // Roles are a set: the same roles in another order change nothing.
            const next = { ...before, name: wanted.name, roles: sameRoles(before.roles, wanted.roles) ? before.roles : wanted.roles };
            const fields = changedFields(before, next, ['name', 'roles']);
            if (Object.keys(fields).length > 0) {
              if (!(await ctx.node.replaceMember(before, next))) throw new Error(`id: member ${wanted.id} changed meanwhile; run the command again`);
              entries.push({ action: 'member.changed', target: wanted.id, detail: fields });
            }
          }
          if (hash !== undefined) {
            await auth.setPasswordHash(wanted.id, hash);
            // As an admin's reset does: whoever held the old password holds nothing now.
            const ended = await auth.endCredentialsOf(wanted.id);
            entries.push({ action: 'member.password_set', target: wanted.id, detail: { sessionsEnded: ended.sessions, tokensRevoked: ended.tokens } });
          }
          return { result: before !== undefined, entry: entries };
        });
      });
      io.out(`member ${id} of ${options.party} ${changed ? 'updated' : 'added'}\n`);
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
