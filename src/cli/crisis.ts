/**
 * Client commands for the crisis channels, one group each, through the same HTTP API as
 * `list`/`show`/`act` (in-process as --as, or --server/--token):
 *
 *   parley talk request --body @request.json ...      parley talk accept ID --time 2026-06-01T09:00:00Z
 *   parley query ask --body @query.json ...           parley query answer ID --text "A scheduled exercise."
 *   parley notice give --body @notice.json ...        parley notice acknowledge ID   (the current version)
 *   parley notice compliance ...                      parley notice assure --notice ID --text "Not directed at any party."
 *   parley incident report --body @account.json ...   parley incident add-account ID --body @ours.json
 *   parley incident summary ...                       (per month and domain)
 *
 * Every group has `list [--status S]` and `show ID`; every action takes `--body` (JSON or
 * @file), which the short options (`--reason`, `--text`, `--time`, …) add to.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { output, readBody, send, withTarget, type Target } from './client.js';
import type { Io } from './io.js';

interface ActionSpec {
  /** Subcommand name. */
  readonly name: string;
  readonly description: string;
  /** Path after the item (`accept`), '' for the collection (create); absent `id`: no item. */
  readonly path: string;
  readonly hasId: boolean;
  /** Short options this action understands, merged into the body. */
  readonly options?: readonly ('reason' | 'text' | 'time' | 'version')[];
}

interface GroupSpec {
  readonly name: string;
  readonly resource: string;
  readonly description: string;
  readonly actions: readonly ActionSpec[];
}

const create = (name: string, description: string): ActionSpec => ({ name, description, path: '', hasId: false });
const act = (name: string, description: string, options: ActionSpec['options'] = [], path = name): ActionSpec => ({ name, description, path, hasId: true, options });

export const CRISIS_GROUPS: readonly GroupSpec[] = [
  { name: 'talk', resource: 'talk-requests', description: 'requests to talk: a call or meeting between named officials', actions: [
    create('request', 'request a call or meeting (--body: format, from, to, proposedTimes, subject)'),
    act('accept', 'accept, choosing one of the proposed times', ['time', 'text']),
    act('decline', 'decline, with or without a reason', ['reason']),
    act('withdraw', 'withdraw your party\'s request', ['reason']),
  ] },
  { name: 'query', resource: 'queries', description: 'queries about unusual activity', actions: [
    create('ask', 'ask another party to explain an activity (--body: subject, description, workingGroup, area?, window?)'),
    act('answer', 'answer a query (--text or --body {"text": {…}})', ['text']),
    act('withdraw', 'withdraw your party\'s query', ['reason']),
  ] },
  { name: 'notice', resource: 'notices', description: 'notifications of intentions and assurances', actions: [
    create('give', 'give notice of a planned activity (--body: noticeType, window, area…, forces, description)'),
    act('acknowledge', 'acknowledge a notice (the current version unless --version)', ['version']),
    act('amend', 'amend your party\'s notice: the complete new content in --body'),
    act('cancel', 'cancel your party\'s notice', ['reason']),
  ] },
  { name: 'incident', resource: 'incidents', description: 'incident reports: each party\'s own account', actions: [
    create('report', 'report an incident with your party\'s account (--body: time, position, domain, units, cpaMetres, narrative)'),
    act('add-account', 'add your party\'s own account (--body)', [], 'accounts'),
    act('revise', 'revise your party\'s account (--body)', [], 'accounts/revise'),
  ] },
];

type Options = Target & { body?: string; reason?: string; text?: string; lang: string; time?: string; version?: string; notice?: string; status?: string };

/** The body: --body, with the short options the action understands added. */
function bodyOf(spec: ActionSpec, options: Options): Record<string, unknown> {
  const parsed = readBody(options.body);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidArgumentError('--body: must be a JSON object');
  const body = { ...(parsed as Record<string, unknown>) };
  const wants = new Set(spec.options ?? []);
  if (wants.has('reason') && options.reason !== undefined) body.reason = options.reason;
  if (wants.has('time') && options.time !== undefined) body.time = options.time;
  if (wants.has('version') && options.version !== undefined) body.version = options.version;
  if (wants.has('text') && options.text !== undefined) body[spec.name === 'accept' ? 'note' : 'text'] = { [options.lang]: options.text };
  return body;
}

/** The version to acknowledge when none was named: the notice's current one. */
async function currentVersion(options: Options, resource: string, id: string): Promise<string> {
  const shown = await send(options, 'GET', `/${resource}/${encodeURIComponent(id)}`);
  if (shown.status !== 200) return id; // the POST then reports the problem
  return (JSON.parse(shown.body) as { state: { version: string } }).state.version;
}

function registerGroup(program: Command, io: Io, group: GroupSpec): void {
  const command = program.command(group.name).description(group.description);
  withTarget(command.command('list')).description(`list ${group.resource}`)
    .option('--status <statuses>', 'comma-separated statuses')
    .action(async (options: Options) => {
      output(io, await send(options, 'GET', `/${group.resource}${options.status ? `?status=${encodeURIComponent(options.status)}` : ''}`));
    });
  withTarget(command.command('show')).description('show one, with its full state').argument('<id>')
    .action(async (id: string, options: Options) => output(io, await send(options, 'GET', `/${group.resource}/${encodeURIComponent(id)}`)));
  for (const spec of group.actions) {
    const sub = withTarget(command.command(spec.name)).description(spec.description)
      .option('--body <json>', 'request body as JSON, or @file.json');
    if (spec.hasId) sub.argument('<id>', 'the item to act on');
    const wants = new Set(spec.options ?? []);
    if (wants.has('reason')) sub.option('--reason <text>', 'the reason, for the record');
    if (wants.has('text')) sub.option('--text <text>', 'the text, in --lang').option('--lang <tag>', 'language of --text', 'en');
    if (wants.has('time')) sub.option('--time <instant>', 'the chosen time (one of the proposed times)');
    if (wants.has('version')) sub.option('--version <id>', 'the version acknowledged (default: the current one)');
    sub.action(async (...args: unknown[]) => {
      const id = spec.hasId ? String(args[0]) : undefined;
      const options = (spec.hasId ? args[1] : args[0]) as Options;
      const body = bodyOf(spec, options);
      if (spec.name === 'acknowledge' && body.version === undefined) body.version = await currentVersion(options, group.resource, id!);
      const path = id === undefined ? `/${group.resource}` : `/${group.resource}/${encodeURIComponent(id)}/${spec.path}`;
      output(io, await send(options, 'POST', path, body));
    });
  }
}

export function registerCrisis(program: Command, io: Io): void {
  for (const group of CRISIS_GROUPS) registerGroup(program, io, group);
  const group = (name: string) => program.commands.find((c) => c.name() === name)!;
  const notice = group('notice');
  withTarget(notice.command('compliance')).description('lead-time compliance: on time, late and voluntary notices per party and type')
    .action(async (options: Options) => output(io, await send(options, 'GET', '/notices/compliance')));
  withTarget(group('incident').command('summary')).description('incidents per month and domain, with those fully accounted and those whose accounts differ')
    .action(async (options: Options) => output(io, await send(options, 'GET', '/incidents/summary')));
  withTarget(notice.command('assure')).description('give an assurance (a statement of intent), alone or attached to your party\'s notice')
    .option('--notice <id>', 'the notice it is attached to')
    .option('--text <text>', 'the statement, in --lang').option('--lang <tag>', 'language of --text', 'en')
    .option('--body <json>', 'request body as JSON ({"statement": {…}, "notice": …}), or @file.json')
    .action(async (options: Options) => {
      const body = { ...(readBody(options.body) as Record<string, unknown>) };
      if (options.text !== undefined) body.statement = { [options.lang]: options.text };
      if (options.notice !== undefined) body.notice = options.notice;
      output(io, await send(options, 'POST', '/assurances', body));
    });
}
