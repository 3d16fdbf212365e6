/**
 * Client commands for the main actions, against the local data directory (acting as
 * `--as MEMBER`, through the same HTTP routes in-process) or against a server
 * (`--server URL --token T`). Same requests, same validation, same problems either way.
 *
 *   parley list working-groups --dialogue D [--status active] [--as M | --server U --token T]
 *   parley show commitments ID --dialogue D
 *   parley act working-groups accept --id ID --dialogue D --as M --body '{"proposal":"…","coChair":"…"}'
 *   parley act commitments create --dialogue D --as M --body @commitment.json
 *   parley commitments export --dialogue D --as M > sheet.csv; parley commitments import sheet.csv --dialogue D --as M
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { openNode } from '../app/node-context.js';
import { loadConfig } from '../config.js';
import { buildHttpApp } from '../http/app.js';
import { WebhookTargets } from '../node/webhook-targets.js';
import { CliExit, dataDir, printJson, withDataOption, type Io } from './io.js';

export const RESOURCES = [
  'working-groups', 'meetings', 'commitments', 'readouts', 'joint-statements', 'context-events', 'messages', 'private-notes',
  'talk-requests', 'queries', 'notices', 'assurances', 'incidents',
  'terms', 'hotline/calls', 'hotline/links',
] as const;

/** Where a client command sends its requests: the local data directory as a member, or a server. */
export interface Connection { data?: string; as?: string; server?: string; token?: string }
export interface Target extends Connection { dialogue: string }
export interface Response { status: number; body: string }

/** Sends one request about a dialogue (`path` below /api/v1/dialogues/<id>). */
export function send(target: Target, method: string, path: string, body?: unknown, contentType?: 'text/csv'): Promise<Response> {
  return request(target, method, `/api/v1/dialogues/${encodeURIComponent(target.dialogue)}${path}`, body, contentType);
}

/**
 * Sends one API request locally (in-process, as --as) or to --server with --token. The body
 * is sent as JSON, or as it is (a string) with `contentType` (CSV).
 */
export async function request(target: Connection, method: string, url: string, body?: unknown, contentType?: 'text/csv'): Promise<Response> {
  const payload = body === undefined ? undefined : contentType ? String(body) : JSON.stringify(body);
  const headers: Record<string, string> = payload === undefined ? {} : { 'content-type': contentType ?? 'application/json' };
  if (target.server) {
    if (!target.token) throw new InvalidArgumentError('--token: required with --server (create one with POST /api/v1/tokens)');
    const response = await fetch(new URL(url, target.server), {
      method, headers: { authorization: `Bearer ${target.token}`, ...headers }, ...(payload !== undefined ? { body: payload } : {}),
    });
    return { status: response.status, body: await response.text() };
  }
  if (!target.as) throw new InvalidArgumentError('--as: name the member to act as (or use --server and --token)');
  const ctx = await openNode(dataDir(target));
  try {
    // The node's own setting decides which webhook targets an in-process admin may register.
    const webhookTargets = new WebhookTargets(loadConfig().webhookAllowPrivateNetworks);
    const app = await buildHttpApp(ctx, { logLevel: 'silent', localMember: target.as, webRoot: false, webhookTargets });
    const response = await app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) });
    await app.close();
    return { status: response.statusCode, body: response.body };
  } finally {
    await ctx.close();
  }
}

/** The response's JSON (or text); a problem is printed with its fields on stderr and exits 1. */
export function parseResponse(io: Io, response: Response): unknown {
  let parsed: unknown = response.body;
  try { parsed = JSON.parse(response.body); } catch { /* CSV or text */ }
  if (response.status >= 400) {
    const problem = parsed as { detail?: string; code?: string; errors?: { field: string; reason: string }[] };
    io.err(`parley: ${response.status} ${problem.code ?? ''}: ${problem.detail ?? response.body}\n`);
    for (const e of problem.errors ?? []) io.err(`  ${e.field}: ${e.reason}\n`);
    throw new CliExit(1);
  }
  return parsed;
}

/** Prints the answer (JSON pretty-printed), or the problem on stderr and exits 1. */
export function output(io: Io, response: Response): void {
  const parsed = parseResponse(io, response);
  if (typeof parsed === 'string') io.out(parsed.endsWith('\n') ? parsed : parsed + '\n');
  else printJson(io, parsed);
}

function resource(value: string): string {
  if (!(RESOURCES as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${RESOURCES.join(', ')}`);
  return value;
}

export function withTarget(command: Command): Command {
  return withConnection(command.requiredOption('--dialogue <id>', 'dialogue id'));
}

/** --data/--as for the local data directory, or --server/--token. */
export function withConnection(command: Command): Command {
  return withDataOption(command)
    .option('--as <member>', 'local data directory: act as this member')
    .option('--server <url>', 'act against this Parley server instead')
    .option('--token <token>', 'API token for --server');
}

/** `?name=value&…` of the given options that are set, or '' when none is. */
export function queryOf<K extends string>(options: { readonly [key in K]?: string }, names: readonly K[]): string {
  const query = new URLSearchParams();
  for (const name of names) {
    const value = options[name];
    if (value !== undefined) query.set(name, value);
  }
  return query.size ? `?${query}` : '';
}

export function readBody(text: string | undefined): unknown {
  if (text === undefined) return {};
  const source = text.startsWith('@') ? readFileSync(text.slice(1), 'utf8') : text;
  try {
    return JSON.parse(source);
  } catch (error) {
    throw new InvalidArgumentError(`--body: not JSON (${(error as Error).message})`);
  }
}

export function registerClient(program: Command, io: Io): void {
  withTarget(program.command('list'))
    .description(`list items of a dialogue (${RESOURCES.join(', ')})`)
    .argument('<resource>', 'what to list', resource)
    .option('--status <statuses>', 'comma-separated statuses (as shown: overdue included)')
    .option('--parent <id>', 'items of this parent (a working group, a meeting; see the OpenAPI document)')
    .option('--party <party>', "items of this party (e.g. a commitment's committing party)")
    .option('--from <date>', 'items dated at or after this date or instant (RFC 3339; a bare date is that UTC day)')
    .option('--to <date>', 'items dated at or before this date or instant (a bare date includes that UTC day)')
    .option('--limit <n>', 'page size (1–500)')
    .option('--after <id>', 'the next page: the `next` cursor of the previous one')
    .action(async (what: string, options: Target & { status?: string; parent?: string; party?: string; from?: string; to?: string; limit?: string; after?: string }) => {
      output(io, await send(options, 'GET', `/${what}${queryOf(options, ['status', 'parent', 'party', 'from', 'to', 'limit', 'after'])}`));
    });

  withTarget(program.command('show'))
    .description('show one item with its full state')
    .argument('<resource>', 'kind of item', resource)
    .argument('<id>', 'its id')
    .action(async (what: string, id: string, options: Target) => {
      output(io, await send(options, 'GET', `/${what}/${encodeURIComponent(id)}`));
    });

  const csv = program.command('commitments').description("a dialogue's commitments as a spreadsheet (CSV), for updating many at once");
  withTarget(csv.command('export'))
    .description('print the commitments as CSV (one row per commitment, with its version), to edit in a spreadsheet')
    .action(async (options: Target) => {
      output(io, await send(options, 'GET', '/commitments.csv'));
    });
  withTarget(csv.command('import'))
    .description('apply an edited export: unchanged rows are skipped, a row changed since its export is refused; all rows or none')
    .argument('<file>', 'the CSV file (- for standard input)')
    .action(async (file: string, options: Target) => {
      const text = readFileSync(file === '-' ? 0 : file, 'utf8');
      output(io, await send(options, 'POST', '/commitments.csv', text, 'text/csv'));
    });

  withTarget(program.command('act'))
    .description('perform an action: `create`, or an action path such as accept, suspend, deliver, agenda/accept (see the OpenAPI document)')
    .argument('<resource>', 'kind of item', resource)
    .argument('<action>', 'create, or the action path')
    .option('--id <id>', 'the item to act on (all actions but create)')
    .option('--body <json>', 'request body as JSON, or @file.json', undefined)
    .action(async (what: string, action: string, options: Target & { id?: string; body?: string }) => {
      if (action !== 'create' && !options.id) throw new InvalidArgumentError('--id: required for actions other than create');
      if (!/^[a-z/_-]+$/.test(action)) throw new InvalidArgumentError(`<action>: "${action}" is not an action path`);
      const path = action === 'create' ? `/${what}` : `/${what}/${encodeURIComponent(options.id!)}/${action}`;
      output(io, await send(options, 'POST', path, readBody(options.body)));
    });
}
