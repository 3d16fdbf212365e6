/**
 * `parley watch`: a dialogue's live events from a running server (Server-Sent Events,
 * docs/live-delivery.md), one JSON line per message — `{"id","event","data"}` — resuming
 * after a dropped connection from the last id it printed, so nothing is missed or repeated.
 */
import type { Command } from 'commander';
import { output } from './client.js';
import { CliExit, integerOption, type Io } from './io.js';
import { parseSse } from './sse-parser.js';

const RECONNECT_MS = 2_000;

interface WatchOptions { dialogue: string; server: string; token: string; after?: string; types?: string; count?: number }

export function registerWatch(program: Command, io: Io): void {
  program.command('watch')
    .description("print a dialogue's live events as JSON lines from a server, resuming after drops (Ctrl+C stops)")
    .requiredOption('--dialogue <id>', 'dialogue id')
    .requiredOption('--server <url>', 'the Parley server')
    .requiredOption('--token <token>', 'API token (read scope)')
    .option('--after <index>', 'start after this log index (-1: from the beginning; default: from now)')
    .option('--types <prefixes>', 'comma-separated type prefixes, e.g. hotline,notice.')
    .option('--count <n>', 'stop after this many messages', integerOption('--count', 1))
    .action(async (options: WatchOptions) => {
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      try {
        await watch(io, options, stop);
      } finally {
        process.off('SIGINT', onSignal);
      }
    });
}

async function watch(io: Io, options: WatchOptions, stop: AbortController): Promise<void> {
  let last = options.after;
  let printed = 0;
  const url = new URL(`/api/v1/dialogues/${encodeURIComponent(options.dialogue)}/stream`, options.server);
  if (options.types) url.searchParams.set('types', options.types);
  while (!stop.signal.aborted) {
    try {
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${options.token}`, accept: 'text/event-stream', ...(last !== undefined ? { 'last-event-id': last } : {}) },
        signal: stop.signal,
      });
      if (response.status !== 200 || !response.body) {
        output(io, { status: response.status, body: await response.text() });
        return;
      }
      let buffer = '';
      const decoder = new TextDecoder();
      for await (const chunk of response.body) {
        const parsed = parseSse(buffer + decoder.decode(chunk as Uint8Array, { stream: true }));
        buffer = parsed.rest;
        for (const message of parsed.messages) {
          if (message.id !== undefined) last = message.id;
          io.out(`${JSON.stringify({ id: message.id ?? null, event: message.event, data: JSON.parse(message.data) as unknown })}\n`);
          if (options.count !== undefined && ++printed >= options.count) {
            stop.abort();
            return;
          }
        }
      }
    } catch (error) {
      if (error instanceof CliExit) throw error;
      if (stop.signal.aborted) return;
      io.err(`parley watch: ${(error as Error).message}; reconnecting\n`);
    }
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
  }
}
