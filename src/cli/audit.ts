/**
 * `parley audit`: your party's private audit log (docs/access.md) through GET /api/v1/audit,
 * for its admins — locally as `--as ADMIN`, or against `--server` with `--token` (a read
 * token is enough). One line per change, newest first; `--json` prints the API's page.
 *
 *   parley audit --as aurelia-admin --action member.changed
 *   parley audit --server https://parley.example.org --token parley_… --target aurelia-delegate --from 2026-06-01
 */
import { Option, type Command } from 'commander';
import { AUDIT_ACTIONS } from '../node/private-ports.js';
import { parseResponse, queryOf, request, withConnection, type Connection } from './client.js';
import { printJson, type Io } from './io.js';

interface Entry { readonly at: string; readonly actor: string; readonly action: string; readonly target: string; readonly detail: unknown }
interface AuditOptions extends Connection {
  action?: string; actor?: string; target?: string; from?: string; to?: string; limit?: string; after?: string; json?: boolean;
}

export function registerAudit(program: Command, io: Io): void {
  withConnection(program.command('audit'))
    .description("your party's audit log (admins): who changed members, roles, passwords, tokens, webhooks and escalation ladders, and what changed")
    .addOption(new Option('--action <action>', 'only this kind of change').choices(AUDIT_ACTIONS))
    .option('--actor <member>', 'only changes made by this member')
    .option('--target <id>', 'only changes to this member, webhook or dialogue (its ladder)')
    .option('--from <date>', 'at or after this date or instant (RFC 3339; a bare date is that UTC day)')
    .option('--to <date>', 'at or before this date or instant (a bare date includes that UTC day)')
    .option('--limit <n>', 'entries per page (1–500, default 100)')
    .option('--after <id>', 'the next page: the id printed at the end of the previous one')
    .option('--json', 'print the API response as JSON')
    .action(async (options: AuditOptions) => {
      const query = queryOf(options, ['action', 'actor', 'target', 'from', 'to', 'limit', 'after']);
      const page = parseResponse(io, await request(options, 'GET', `/api/v1/audit${query}`)) as { items: Entry[]; next: string | null };
      if (options.json) return printJson(io, page);
      if (page.items.length === 0) io.out('no entries\n');
      for (const e of page.items) io.out(`${e.at}  ${e.actor}  ${e.action}  ${e.target}  ${JSON.stringify(e.detail)}\n`);
      if (page.next) io.out(`more: --after ${page.next}\n`);
    });
}
