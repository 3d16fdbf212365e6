/**
 * The floor dashboard on a large dialogue (issue 5: "dashboard of a dialogue with 100,000
 * events renders in under 1 s"): a dialogue of exactly `events` events — the indicators' own
 * material made through the HTTP API as members would (two working groups, notices with
 * acknowledgements, hotline calls placed, receipted, acknowledged and closed, commitments
 * committed, delivered and confirmed, meetings with agreed agendas, incident reports, context
 * events), the rest informal messages (`generateDialogue`) — then `GET …/floor` timed through
 * the whole HTTP stack (Fastify inject with a session cookie: routing, auth, projections
 * read, indicators, zod serialisation), median and worst of `samples` requests after one
 * warm-up. The ceiling is reading the floor's input at the least: the same rows with one
 * prepared better-sqlite3 statement per query (every state of the kinds it reads, parsed; the
 * latest message per working group), with no indicators, no HTTP and no serialisation.
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../src/http/app.js';
import { AuthService } from '../src/node/auth.js';
import type { MemberId } from '../src/record/index.js';
import { generateDialogue } from './generate.js';
import { renderFigure, type RenderFigure } from './render.js';
import { formatInt, median } from './stats.js';

/** How much of each kind the dialogue holds; with the events each adds (replies and receipts included). */
export const FLOOR_MIX = { notices: 2_000, calls: 2_500, commitments: 1_000, meetings: 300, incidents: 500, contextEvents: 300 } as const;
const GROUPS = 2;
/** Events the mix adds: group propose+accept 2; notice give+ack 2; call place+receipt+ack+close 4; commitment 4; meeting propose+accept+agenda+accept 4. */
export const FLOOR_MIX_EVENTS = GROUPS * 2 + FLOOR_MIX.notices * 2 + FLOOR_MIX.calls * 4 + FLOOR_MIX.commitments * 4 + FLOOR_MIX.meetings * 4
  + FLOOR_MIX.incidents + FLOOR_MIX.contextEvents;
/** Requests of the mix kept in flight (the node commits them in groups). */
const IN_FLIGHT = 8;
export const FLOOR_PASSWORD = 'bench-password-not-secret-2026';
const MEMBERS = ['aurelia-delegate', 'aurelia-duty', 'aurelia-notetaker', 'aurelia-principal', 'boreas-delegate', 'boreas-duty', 'boreas-principal'];

export interface FloorFigure {
  readonly events: number;
  readonly medianMs: number;
  readonly maxMs: number;
  readonly samplesMs: readonly number[];
  /** Raw read of the same input (see above), median. */
  readonly rawMedianMs: number;
  readonly rawRows: number;
  readonly responseBytes: number;
  readonly seedSeconds: number;
  /** The page drawn in Chromium (bench/render.ts), when asked for. */
  readonly render?: RenderFigure;
}

export type Send = (member: string, method: 'GET' | 'POST', url: string, body?: unknown) => Promise<{ statusCode: number; json(): unknown; body: string }>;

function sender(app: FastifyInstance, cookies: Map<string, string>): Send {
  return async (member, method, url, body) => {
    const response = await app.inject({ method, url, headers: { cookie: cookies.get(member)! }, ...(body === undefined ? {} : { payload: body as object }) });
    if (response.statusCode >= 300) throw new Error(`bench floor: ${method} ${url} as ${member}: ${response.statusCode} ${response.body.slice(0, 300)}`);
    return response;
  };
}

/** Runs `count` jobs, `IN_FLIGHT` at a time. */
async function lanes(count: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < count) await job(next++);
  }));
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The indicators' material, through the API (bodies as a member's client sends them). */
async function seed(send: Send, d: string, now: number): Promise<void> {
  const DAY = 86_400_000;
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    const id = ((await send('aurelia-delegate', 'POST', `${d}/working-groups`, {
      mandate: { title: { en: `Bench group ${g}` }, goals: [{ en: 'Agree a procedure' }], ...(g === 0 ? { protected: true } : {}) }, coChair: 'aurelia-delegate',
    })).json() as { id: string }).id;
    await send('boreas-principal', 'POST', `${d}/working-groups/${id}/accept`, { proposal: id, coChair: 'boreas-principal' });
    groups.push(id);
  }
  const area = { shape: 'circle', centre: { lat: 300_000_000, lon: 1_200_000_000 }, radius: 20_000 };
  await lanes(FLOOR_MIX.notices, async (i) => {
    // Every third notice is given inside its lead time (late); the others well ahead.
    const start = now + (i % 3 === 0 ? 1 : 10) * DAY + i * 60_000;
    const id = ((await send('aurelia-delegate', 'POST', `${d}/notices`, {
      noticeType: 'maritime_activity', window: { start: iso(start), end: iso(start + DAY) }, area, forces: { ships: 3 }, hazard: { en: 'Live firing' }, description: { en: `Exercise ${i}` },
    })).json() as { id: string }).id;
    await send('boreas-duty', 'POST', `${d}/notices/${id}/acknowledge`, { version: id });
  });
  await lanes(FLOOR_MIX.calls, async (i) => {
    const id = ((await send('aurelia-duty', 'POST', `${d}/hotline/calls`, {
      precedence: (['flash', 'immediate', 'priority', 'routine'] as const)[i % 4], subject: { en: `Call ${i}` }, message: { en: 'Please call back' },
    })).json() as { id: string }).id;
    await send('boreas-duty', 'POST', `${d}/hotline/calls/${id}/acknowledge`, {});
    await send('aurelia-duty', 'POST', `${d}/hotline/calls/${id}/close`, { outcome: 'resolved' });
  });
  await lanes(FLOOR_MIX.commitments, async (i) => {
    const id = ((await send('aurelia-delegate', 'POST', `${d}/commitments`, {
      workingGroup: groups[i % GROUPS], party: 'boreas', title: { en: `Commitment ${i}` }, due: iso(now + 30 * DAY).slice(0, 10),
    })).json() as { id: string }).id;
    await send('boreas-principal', 'POST', `${d}/commitments/${id}/commit`, {});
    await send('boreas-delegate', 'POST', `${d}/commitments/${id}/deliver`, { evidence: { text: { en: 'Done' } } });
    await send('aurelia-delegate', 'POST', `${d}/commitments/${id}/confirm`, {});
  });
  await lanes(FLOOR_MIX.meetings, async (i) => {
    const start = now + (7 + i) * DAY;
    const id = ((await send('aurelia-delegate', 'POST', `${d}/meetings`, {
      workingGroup: groups[i % GROUPS], start: iso(start), end: iso(start + 2 * 3_600_000), format: 'video',
    })).json() as { id: string }).id;
    await send('boreas-principal', 'POST', `${d}/meetings/${id}/accept`, { proposal: id });
    const agenda = (await send('aurelia-delegate', 'POST', `${d}/meetings/${id}/agenda`, {
      items: [{ goal: { en: 'Agree a notification procedure' } }, { goal: { en: 'Review the incident reports' } }],
    })).json() as { state: { agenda: { proposal: string } } };
    await send('boreas-principal', 'POST', `${d}/meetings/${id}/agenda/accept`, { proposal: agenda.state.agenda.proposal });
  });
  await lanes(FLOOR_MIX.incidents, async (i) => {
    await send('aurelia-duty', 'POST', `${d}/incidents`, {
      time: iso(now - (i % 700) * DAY), position: { lat: 150_000_000 + i, lon: 1_170_000_000 }, domain: i % 2 ? 'air' : 'sea',
      units: [{ party: 'aurelia', name: 'Ship' }], cpaMetres: 100 + i, narrative: { en: `Close pass ${i}` },
    });
  });
  await lanes(FLOOR_MIX.contextEvents, async (i) => {
    await send('aurelia-notetaker', 'POST', `${d}/context-events`, {
      event: { title: { en: `Event ${i}` }, date: iso(now - i * DAY).slice(0, 10), category: 'statement', source: { text: { en: 'Press' } } },
    });
  });
}

/** A node holding the floor's dialogue of exactly `events` events, the API app logged in as every member of the mix. */
export interface FloorDialogue {
  readonly ctx: Awaited<ReturnType<typeof generateDialogue>>['ctx'];
  readonly dialogue: string;
  readonly app: FastifyInstance;
  readonly cookies: ReadonlyMap<string, string>;
  readonly send: Send;
  readonly seedSeconds: number;
  close(): Promise<void>;
}

export async function prepareFloorDialogue(options: { tmp: string; events: number; name?: string }): Promise<FloorDialogue> {
  const generated = await generateDialogue({ dir: join(options.tmp, options.name ?? 'floor'), events: options.events - FLOOR_MIX_EVENTS });
  const { ctx, dialogue } = generated;
  // Low scrypt cost: seven logins, not the figure.
  const auth = new AuthService({ store: ctx.store, privates: ctx.store.privates, clock: ctx.node.clock, cost: { N: 1024, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, members: ctx.node });
  const app = await buildHttpApp(ctx, { logLevel: 'silent', auth, loginRateLimit: 10_000 });
  const close = async () => {
    await app.close();
    await ctx.close();
  };
  try {
    const cookies = new Map<string, string>();
    for (const member of MEMBERS) {
      await auth.setPassword(member as MemberId, FLOOR_PASSWORD);
      const login = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { member, password: FLOOR_PASSWORD } });
      if (login.statusCode !== 200) throw new Error(`bench floor: login ${member}: ${login.statusCode} ${login.body}`);
      cookies.set(member, String(login.headers['set-cookie']).split(';')[0]!);
    }
    const send = sender(app, cookies);
    const seedStart = performance.now();
    await seed(send, `/api/v1/dialogues/${dialogue}`, ctx.node.clock.now().getTime());
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const size = (await ctx.store.log(dialogue)).size;
    if (size !== options.events) throw new Error(`bench floor: the dialogue holds ${size} events, expected ${options.events}`);
    return { ctx, dialogue, app, cookies, send, seedSeconds, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function floorFigure(options: { tmp: string; events: number; samples: number; render: boolean }): Promise<FloorFigure> {
  const floor = await prepareFloorDialogue(options);
  const { ctx, dialogue, send } = floor;
  try {
    const d = `/api/v1/dialogues/${dialogue}`;
    const time = async (url: string): Promise<{ ms: number; bytes: number }> => {
      const start = performance.now();
      const response = await send('boreas-principal', 'GET', url);
      return { ms: performance.now() - start, bytes: response.body.length };
    };
    await time(`${d}/floor`);
    const samples: number[] = [];
    let bytes = 0;
    for (let i = 0; i < options.samples; i++) {
      const sample = await time(`${d}/floor`);
      samples.push(sample.ms);
      bytes = sample.bytes;
    }
    const raw = rawRead(join(ctx.dataDir, 'parley.db'), dialogue, options.samples);
    const render = options.render ? await renderFigure(floor, options.samples) : undefined;
    return {
      ...(render ? { render } : {}),
      events: options.events, medianMs: median(samples), maxMs: Math.max(...samples), samplesMs: samples,
      rawMedianMs: raw.medianMs, rawRows: raw.rows, responseBytes: bytes, seedSeconds: floor.seedSeconds,
    };
  } finally {
    await floor.close();
  }
}

/** The kinds src/node/floor.ts reads. */
const FLOOR_KINDS = ['terms', 'working_group', 'meeting', 'commitment', 'hotline_call', 'hotline_link', 'notice', 'incident', 'context_event'];

/** The floor's input read with plain better-sqlite3: every state of its kinds parsed, and the grouped message query. */
function rawRead(file: string, dialogue: string, samples: number): { medianMs: number; rows: number } {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const states = db.prepare(`SELECT state FROM aggregates WHERE dialogue_id = ? AND kind IN (${FLOOR_KINDS.map(() => '?').join(', ')})`).pluck();
    const latest = db.prepare("SELECT parent, MAX(date) FROM aggregates WHERE dialogue_id = ? AND kind = 'message' AND parent IS NOT NULL AND date IS NOT NULL GROUP BY parent");
    let rows = 0;
    const once = () => {
      const start = performance.now();
      const parsed = (states.all(dialogue, ...FLOOR_KINDS) as string[]).map((text) => JSON.parse(text) as unknown);
      latest.all(dialogue);
      rows = parsed.length;
      return performance.now() - start;
    };
    once();
    return { medianMs: median(Array.from({ length: samples }, once)), rows };
  } finally {
    db.close();
  }
}

export function floorNote(f: FloorFigure): string {
  return `Floor dashboard: ${formatInt(f.events)} events (${formatInt(f.events - FLOOR_MIX_EVENTS)} messages; ${FLOOR_MIX.notices} notices, ${FLOOR_MIX.calls} hotline calls, ` +
    `${FLOOR_MIX.commitments} commitments, ${FLOOR_MIX.meetings} meetings, ${FLOOR_MIX.incidents} incidents, ${FLOOR_MIX.contextEvents} context events made through the API in ${f.seedSeconds.toFixed(0)} s); ` +
    `GET …/floor median ${f.medianMs.toFixed(1)} ms, max ${f.maxMs.toFixed(1)} ms over ${f.samplesMs.length} requests (${(f.responseBytes / 1024).toFixed(1)} KB of JSON); ` +
    `raw read of its input (${formatInt(f.rawRows)} aggregate states) median ${f.rawMedianMs.toFixed(1)} ms.`;
}

export const FLOOR_HOW_MEASURED = `- **Floor dashboard**: \`bench/floor.ts\`. A dialogue of \`BENCH_FLOOR_EVENTS\` (default 100,000)
  events: the floor's material made through the HTTP API by members of both parties (${formatInt(FLOOR_MIX_EVENTS)} events:
  two working groups, ${FLOOR_MIX.notices} notices each acknowledged — a third of them late —, ${FLOOR_MIX.calls} hotline calls placed,
  receipted, acknowledged and closed, ${FLOOR_MIX.commitments} commitments committed, delivered and confirmed, ${FLOOR_MIX.meetings} meetings with an
  agreed agenda, ${FLOOR_MIX.incidents} incidents, ${FLOOR_MIX.contextEvents} context events), the rest informal messages. Then
  \`GET …/floor\` through Fastify (inject, session cookie: routing, authentication, the projections
  read page by page, the indicators, zod serialisation), one warm-up and \`BENCH_FLOOR_SAMPLES\`
  (default 10) timed requests. Ceiling: the same input read with one prepared better-sqlite3
  statement per query (every state of the kinds the floor reads, \`JSON.parse\`d, and the latest
  message per working group), no indicators, HTTP or serialisation; ratio = ceiling ÷ floor. Target (issue 5): the
  dashboard of a dialogue with 100,000 events in under 1 s — the slowest request must be under it.
  The page itself draws from this one response (a few KB whatever the log's length).`;
