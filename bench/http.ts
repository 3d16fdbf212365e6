/**
 * HTTP figures: the API server in this process (`buildHttpApp`, listening on 127.0.0.1 on an
 * ephemeral port) over a fresh SQLite node with the demo's two parties and dialogue
 * (`freshDemoNode`), loaded by autocannon from one worker thread (so the load generator does
 * not share the server's event loop; it does share the machine's cores).
 *
 * - command: `POST /api/v1/dialogues/<id>/messages`, a fixed number of requests at N
 *   connections, after a warm-up; events are counted from the log's growth (each post appends
 *   the message and the other party's delivery receipt);
 * - read: `GET /api/v1/dialogues/<id>/working-groups` (two proposed groups) for a fixed time.
 *
 * Authentication: one delegate gets a password (`AuthService.setPassword`), logs in once with
 * `POST /api/v1/session`, and every request carries the `parley_session` cookie.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import autocannon, { type Options, type Result } from 'autocannon';
import Fastify from 'fastify';
import { buildHttpApp } from '../src/http/app.js';
import { AuthService } from '../src/node/auth.js';
import type { MemberId } from '../src/record/index.js';
import { freshDemoNode } from '../src/app/testing/demo-node.js';
import { messageText } from './events.js';

const MEMBER = 'aurelia-delegate' as MemberId;
const PASSWORD = 'bench-password-not-secret-2026';

export interface LoadFigure {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Status code → count, for the report when something failed. */
  readonly statusCodes: Record<string, number>;
  readonly durationS: number;
}

export interface HttpFigures {
  readonly connections: number;
  readonly command: LoadFigure & {
    readonly events: number; readonly eventsPerSecond: number; readonly eventsPerRequest: number;
    /** The raw append ceiling around the command load (mean of a round just before and just after) and events/s ÷ it. */
    readonly rawPerSecond: number; readonly ratio: number;
  };
  readonly read: LoadFigure;
  /**
   * The floor of the HTTP figure on this machine: the same posts (headers, body, connections,
   * generator) to an empty Fastify handler that parses the body and answers 201 with a
   * message-sized JSON object, measured just after the command load.
   */
  readonly emptyHandler: LoadFigure;
}

function loadFigure(r: Result): LoadFigure {
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(r.statusCodeStats)) statusCodes[code] = Number(count);
  return {
    requests: r.requests.total, requestsPerSecond: r.requests.total / r.duration, p50Ms: r.latency.p50, p99Ms: r.latency.p99,
    non2xx: r.non2xx, errors: r.errors + r.timeouts, statusCodes, durationS: r.duration,
  };
}

/** Runs the command and read loads against a fresh node; the server and the node are closed before returning. */
export async function httpFigures(options: {
  tmp: string; connections: number; commandRequests: number; warmupRequests: number; readSeconds: number;
  /** One raw append round (events/s), run just before and just after the command load (bench/append.ts). */
  ceiling: () => Promise<number>;
}): Promise<HttpFigures> {
  const dir = mkdtempSync(join(options.tmp, 'http-'));
  const { ctx, dialogue } = await freshDemoNode(join(dir, 'node'));
  try {
    await new AuthService({ store: ctx.store, privates: ctx.store.privates, clock: ctx.node.clock }).setPassword(MEMBER, PASSWORD);
    const app = await buildHttpApp(ctx, { logLevel: 'silent' });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as AddressInfo;
      const base = `http://127.0.0.1:${port}/api/v1`;

      const login = await fetch(`${base}/session`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ member: MEMBER, password: PASSWORD }),
      });
      const cookie = /^parley_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
      if (login.status !== 200 || !cookie) throw new Error(`http bench: login answered ${login.status}: ${await login.text()}`);
      const headers = { cookie, 'content-type': 'application/json' };

      // Two working groups, so the read endpoint lists something.
      for (const topic of ['Maritime issues', 'Asia-Pacific regional issues']) {
        const created = await fetch(`${base}/dialogues/${dialogue}/working-groups`, {
          method: 'POST', headers,
          body: JSON.stringify({ mandate: { title: { en: topic }, goals: [{ en: `Agree a work plan on ${topic.toLowerCase()}` }] }, coChair: MEMBER }),
        });
        if (created.status !== 201) throw new Error(`http bench: proposing a working group answered ${created.status}: ${await created.text()}`);
      }

      // autocannon ends a fixed `amount` of requests only at its next sample tick (every
      // `sampleInt` ms, 1,000 by default), so its duration was rounded up to the next whole
      // second — 5,000 posts answered in 2.4 s counted as 3.0 s. Ticks every 10 ms make the
      // duration exact to that.
      const sampleInt = 10;
      const messages = `${base}/dialogues/${dialogue}/messages`;
      const post = {
        url: messages, method: 'POST' as const, headers, body: JSON.stringify({ text: messageText(0) }),
        connections: options.connections, workers: 1, sampleInt,
      };
      const warm = await autocannon({ ...post, amount: options.warmupRequests });
      if (warm.non2xx > 0 || warm.errors > 0) throw new Error(`http bench: warm-up posts failed: ${JSON.stringify(warm.statusCodeStats)}, ${warm.errors} errors`);
      const before = (await ctx.store.log(dialogue)).size;
      const rawBefore = await options.ceiling();
      const commandResult = await autocannon({ ...post, amount: options.commandRequests });
      const rawAfter = await options.ceiling();
      // Every response came after its transaction committed, so the log is complete here.
      const events = (await ctx.store.log(dialogue)).size - before;
      const command = loadFigure(commandResult);

      const emptyHandler = await emptyHandlerFigure({ ...post, amount: options.commandRequests, warmupRequests: options.warmupRequests });

      const list = { url: `${base}/dialogues/${dialogue}/working-groups`, method: 'GET' as const, headers: { cookie }, connections: options.connections, workers: 1, sampleInt };
      await autocannon({ ...list, amount: options.warmupRequests });
      const read = loadFigure(await autocannon({ ...list, duration: options.readSeconds }));

      return {
        connections: options.connections,
        command: {
          ...command, events, eventsPerSecond: events / command.durationS, eventsPerRequest: events / Math.max(1, commandResult['2xx']),
          rawPerSecond: (rawBefore + rawAfter) / 2, ratio: events / command.durationS / ((rawBefore + rawAfter) / 2),
        },
        read,
        emptyHandler,
      };
    } finally {
      await app.close();
    }
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Requests/s of an empty Fastify handler under the command load's own autocannon options (a
 * fresh server on 127.0.0.1: same framework and body parser, no authentication, no record).
 */
async function emptyHandlerFigure(load: Options & { amount: number; warmupRequests: number }): Promise<LoadFigure> {
  const empty = Fastify({ logger: false });
  const answer = { id: '0'.repeat(64), index: 0, party: 'aurelia', member: 'aurelia-delegate', time: new Date(0).toISOString(), kind: 'informal' };
  empty.post('/api/v1/dialogues/:dialogue/messages', async (request, reply) => {
    reply.code(201);
    return { ...answer, text: (request.body as { text?: unknown }).text };
  });
  try {
    await empty.listen({ host: '127.0.0.1', port: 0 });
    const { port } = empty.server.address() as AddressInfo;
    const url = new URL(load.url);
    url.port = String(port);
    const { warmupRequests, ...options } = load;
    await autocannon({ ...options, url: url.href, amount: warmupRequests });
    return loadFigure(await autocannon({ ...options, url: url.href }));
  } finally {
    await empty.close();
  }
}
