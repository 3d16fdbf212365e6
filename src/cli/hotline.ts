/**
 * Hotline client commands, through the same HTTP API as `parley act` (locally as `--as
 * MEMBER`, or `--server URL --token T`). Times are printed in UTC and in each party's zone.
 *
 *   parley hotline call --dialogue D --as M --precedence flash --subject "…" --message "…" [--lang en] [--to P]
 *   parley hotline ack CALL --dialogue D --as M
 *   parley hotline answer CALL --message "…" --dialogue D --as M
 *   parley hotline close CALL --outcome resolved [--note "…"] --dialogue D --as M
 *   parley hotline list [--status escalated] [--json] --dialogue D --as M
 *   parley linktest status [--json] --dialogue D --as M
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { CALL_OUTCOMES, PRECEDENCES } from '../domain/index.js';
import { parseResponse, send, withTarget, type Target } from './client.js';
import { printJson, type Io } from './io.js';

interface Call {
  id: string;
  status: string;
  state: { precedence: string; from: string; to: string; placedAt: string; subject: Record<string, string> | null; escalationLevel: number; ackLatencyMs: number | null; isAckLate: boolean };
  localTimes?: Record<string, Record<string, string>>;
}

interface Availability {
  windows: Array<{ days: number; directions: Array<{ from: string; to: string; scheduled: number; answered: number; availability: number | null }> }>;
}

/** A multilingual text from `--subject "…"` (in `--lang`) or a JSON object `{"en": "…", …}`. */
function text(value: string | undefined, lang: string, option: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!value.trim().startsWith('{')) return { [lang]: value };
  try {
    return JSON.parse(value) as Record<string, string>;
  } catch (error) {
    throw new InvalidArgumentError(`${option}: not JSON (${(error as Error).message})`);
  }
}

/** `2026-10-01 12:00 UTC · aurelia 08:00 -04:00 · boreas 20:00 +08:00` */
function when(utc: string, local: Record<string, string> | undefined): string {
  const parts = [`${utc.slice(0, 16).replace('T', ' ')} UTC`];
  for (const [party, time] of Object.entries(local ?? {})) parts.push(`${party} ${time.slice(0, 10)} ${time.slice(11, 16)} ${time.slice(23)}`);
  return parts.join(' · ');
}

function describeCall(call: Call): string {
  const s = call.state;
  const subject = s.subject ? Object.values(s.subject)[0] ?? '' : '(withheld)';
  const latency = s.ackLatencyMs === null ? 'unacknowledged' : `acknowledged after ${Math.round(s.ackLatencyMs / 1000)} s${s.isAckLate ? ' (late)' : ''}`;
  const escalation = s.escalationLevel > 0 ? `, escalated to level ${s.escalationLevel}` : '';
  // The whole id: it is what `hotline ack|answer|close <id>` takes.
  return `${call.id}  ${s.precedence.toUpperCase().padEnd(9)} ${s.from} → ${s.to}  ${call.status.padEnd(12)} ${subject}\n` +
    `    placed ${when(s.placedAt, call.localTimes?.placedAt)}; ${latency}${escalation}\n`;
}

export function registerHotline(program: Command, io: Io): void {
  const hotline = program.command('hotline').description('hotline calls: place, acknowledge, answer, close, list');
  const act = async (target: Target, path: string, body: unknown) => parseResponse(io, await send(target, 'POST', `/hotline/calls${path}`, body)) as Call;

  withTarget(hotline.command('call'))
    .description('place a call to the other party (duty officers, principals)')
    .addOption(new Option('--precedence <p>', 'precedence').choices(PRECEDENCES).makeOptionMandatory())
    .requiredOption('--subject <text>', 'subject (text in --lang, or JSON {"en": …})')
    .requiredOption('--message <text>', 'message (text in --lang, or JSON {"en": …})')
    .option('--lang <tag>', 'language of --subject and --message given as text', 'en')
    .option('--to <party>', 'the called party (default: the other party)')
    .action(async (o: Target & { precedence: string; subject: string; message: string; lang: string; to?: string }) => {
      const call = await act(o, '', {
        precedence: o.precedence, subject: text(o.subject, o.lang, '--subject'), message: text(o.message, o.lang, '--message'), ...(o.to ? { to: o.to } : {}),
      });
      io.out(describeCall(call));
    });

  withTarget(hotline.command('ack'))
    .description('acknowledge a call to your party (stops its escalation)')
    .argument('<call>', 'call id')
    .action(async (id: string, o: Target) => { io.out(describeCall(await act(o, `/${encodeURIComponent(id)}/acknowledge`, {}))); });

  withTarget(hotline.command('answer'))
    .description('answer a call to your party (acknowledges it if needed)')
    .argument('<call>', 'call id')
    .requiredOption('--message <text>', 'answer (text in --lang, or JSON {"en": …})')
    .option('--lang <tag>', 'language of --message given as text', 'en')
    .action(async (id: string, o: Target & { message: string; lang: string }) => {
      io.out(describeCall(await act(o, `/${encodeURIComponent(id)}/answer`, { message: text(o.message, o.lang, '--message') })));
    });

  withTarget(hotline.command('close'))
    .description('close a call with an outcome (either party)')
    .argument('<call>', 'call id')
    .addOption(new Option('--outcome <outcome>', 'outcome').choices(CALL_OUTCOMES).makeOptionMandatory())
    .option('--note <text>', 'note (text in --lang, or JSON)')
    .option('--lang <tag>', 'language of --note given as text', 'en')
    .action(async (id: string, o: Target & { outcome: string; note?: string; lang: string }) => {
      const note = text(o.note, o.lang, '--note');
      io.out(describeCall(await act(o, `/${encodeURIComponent(id)}/close`, { outcome: o.outcome, ...(note ? { note } : {}) })));
    });

  withTarget(hotline.command('list'))
    .description('list calls, newest last, with times in UTC and in each party\'s zone')
    .option('--status <statuses>', 'comma-separated statuses (placed, delivered, escalated, acknowledged, answered, closed)')
    .option('--json', 'print the API response as JSON')
    .action(async (o: Target & { status?: string; json?: boolean }) => {
      const query = o.status ? `?status=${encodeURIComponent(o.status)}` : '';
      const page = parseResponse(io, await send(o, 'GET', `/hotline/calls${query}`)) as { items: Call[] };
      if (o.json) return printJson(io, page);
      if (page.items.length === 0) io.out('no calls\n');
      for (const call of page.items) io.out(describeCall(call));
    });

  const linktest = program.command('linktest').description('hotline link tests');
  withTarget(linktest.command('status'))
    .description('link availability per direction over 7, 30 and 90 days')
    .option('--json', 'print the API response as JSON')
    .action(async (o: Target & { json?: boolean }) => {
      const availability = parseResponse(io, await send(o, 'GET', '/hotline/availability')) as Availability;
      if (o.json) return printJson(io, availability);
      for (const window of availability.windows) {
        for (const d of window.directions) {
          const share = d.availability === null ? 'no tests' : `${(d.availability * 100).toFixed(1)}%`;
          io.out(`${String(window.days).padStart(2)} days  ${d.from} → ${d.to}  ${share.padStart(8)}  (${d.answered}/${d.scheduled} answered)\n`);
        }
      }
    });
}
