/**
 * SSE delivery latency (issue 4: "a call is visible on the other party's SSE stream within
 * 1 s"): `BENCH_SSE_STREAMS` concurrent streams (default 100), split round-robin between the
 * members of both parties, on a fresh SQLite demo node served on 127.0.0.1; the two duty
 * officers place hotline calls (`POST …/hotline/calls`) alternately, one at a time; latency =
 * from just before the POST is sent to when each stream has parsed that call's
 * `hotline_call.placed` frame. The clients run
 * on one worker thread (their own event loop; timestamps on the shared `performance.timeOrigin`
 * clock), so parsing 100 streams does not queue behind the server.
 *
 * Raw ceiling: a bare `node:http` server in this process that, on each POST, writes a frame of
 * the same size to the same number of open event-stream responses, measured with the same
 * client worker and the same posting loop. Ratio = ceiling ÷ Parley (1.0 = as fast as raw).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildHttpApp } from '../src/http/app.js';
import { AuthService } from '../src/node/auth.js';
import type { MemberId, PartyId } from '../src/record/index.js';
import { freshDemoNode } from '../src/app/testing/demo-node.js';
import { median, percentile } from './stats.js';

export interface SseFigure {
  readonly streams: number;
  readonly posts: number;
  /** Publish → receive, every (stream, post) pair. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly raw: { readonly p50Ms: number; readonly p99Ms: number };
  /** Frames expected but not received (must be 0). */
  readonly missing: number;
  readonly frameBytes: number;
}

export const SSE_HOW_MEASURED = `- **SSE delivery latency**: a fresh SQLite demo node served on 127.0.0.1 (\`buildHttpApp\`,
  as \`parley serve\`), \`BENCH_SSE_STREAMS\` (default 100) \`GET …/stream\` connections split
  round-robin between the members of both parties (each logged in with a session cookie), opened
  from one worker thread that parses the frames. The two duty officers then place
  \`BENCH_SSE_POSTS\` (default 200, after 5 uncounted warm-up calls) routine hotline calls
  alternately with \`POST …/hotline/calls\`, one at a time, 10 ms apart; the latency of each
  (stream, call) pair is from just before the POST is sent to when that stream has parsed the
  call's \`hotline_call.placed\` frame (clocks: the shared
  \`performance.timeOrigin\`). Median and p99 over all pairs; every frame must arrive. Raw ceiling:
  a bare \`node:http\` server that writes a frame of the same size to the same number of open
  event-stream responses on each POST, measured with the same client worker and posting loop;
  ratio = ceiling p99 ÷ Parley p99. Target (issue 4): p99 < 1 s.`;

function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

export function sseConfig(quick: boolean): { streams: number; posts: number } {
  return { streams: envInt('BENCH_SSE_STREAMS', 100), posts: envInt('BENCH_SSE_POSTS', quick ? 40 : 200) };
}

/**
 * The client side, as plain JavaScript for an eval worker: opens every stream, reports
 * `ready` once each has sent its first bytes, records when each stream parses the
 * frame of the timed event type for each `bench-<n>` call, and reports once all have arrived
 * (or when told to stop).
 */
const CLIENT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { streams, posts } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const received = streams.map(() => new Map());
let open = 0, complete = 0, sample = '';
const report = () => parentPort.postMessage({ received: received.map((m) => [...m]), sample });
parentPort.on('message', (m) => { if (m === 'stop') report(); });
streams.forEach((s, i) => {
  const req = http.request(s.url, { headers: { accept: 'text/event-stream', ...s.headers }, agent }, (res) => {
    if (res.statusCode !== 200) { parentPort.postMessage({ error: 'stream ' + i + ' answered ' + res.statusCode }); return; }
    res.setEncoding('utf8');
    let buffer = '', ready = false;
    res.on('data', (chunk) => {
      const now = performance.timeOrigin + performance.now();
      if (!ready) { ready = true; if (++open === streams.length) parentPort.postMessage({ ready: true }); }
      buffer += chunk;
      let cut;
      while ((cut = buffer.indexOf('\\n\\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        if (!block.includes('event: ' + workerData.event)) continue;
        const match = /bench-(\\d+)/.exec(block);
        if (!match) continue;
        const map = received[i];
        const n = Number(match[1]);
        if (map.has(n)) continue;
        map.set(n, now);
        if (!sample) sample = block;
        if (map.size === posts && ++complete === streams.length) report();
      }
    });
  });
  req.on('error', (e) => parentPort.postMessage({ error: 'stream ' + i + ': ' + e.message }));
  req.end();
});
`;

const WARMUP_POSTS = 5;
/** The frame whose arrival is timed: the call as the other party sees it. */
const EVENT = 'hotline_call.placed';

interface ClientResult { received: Array<Array<[number, number]>>; sample: string }

/** Opens the streams on a worker, runs `publish(n)` for each post, returns what arrived when. */
async function measure(
  streams: Array<{ url: string; headers: Record<string, string> }>, measured: number, publish: (n: number) => Promise<void>,
): Promise<{ latencies: number[]; missing: number; sample: string }> {
  // The first posts warm up both sides (JIT, connection pools) and are not counted.
  const posts = WARMUP_POSTS + measured;
  const worker = new Worker(CLIENT_WORKER, { eval: true, workerData: { streams, posts, event: EVENT } });
  try {
    let onReady!: () => void;
    let onError!: (error: Error) => void;
    let onResult!: (result: ClientResult) => void;
    const ready = new Promise<void>((resolve, reject) => { onReady = resolve; onError = reject; });
    const result = new Promise<ClientResult>((resolve) => { onResult = resolve; });
    worker.on('message', (m: { ready?: true; error?: string } & Partial<ClientResult>) => {
      if (m.ready) onReady();
      else if (m.error) onError(new Error(`sse bench: ${m.error}`));
      else if (m.received) onResult(m as ClientResult);
    });
    worker.on('error', (e) => onError(e));
    await ready;
    const sent: number[] = [];
    for (let n = 0; n < posts; n++) {
      sent.push(performance.timeOrigin + performance.now());
      await publish(n);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Everything has been published; give the last frames a moment, then take what arrived.
    const timeout = setTimeout(() => worker.postMessage('stop'), 10_000);
    const { received, sample } = await result;
    clearTimeout(timeout);
    const latencies: number[] = [];
    let missing = 0;
    for (const stream of received) {
      missing += posts - stream.length;
      for (const [n, at] of stream) if (n >= WARMUP_POSTS) latencies.push(at - sent[n]!);
    }
    return { latencies, missing, sample };
  } finally {
    await worker.terminate();
  }
}

/** The raw ceiling: a bare server writing `frame(n)` to every open stream on each POST. */
async function rawCeiling(streamCount: number, posts: number, frame: (n: number) => string): Promise<{ latencies: number[]; missing: number }> {
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': open\n\n');
      open.add(res);
      req.on('close', () => open.delete(res));
      return;
    }
    const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n'));
    req.resume();
    req.on('end', () => {
      const bytes = frame(n);
      for (const stream of open) stream.write(bytes);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const streams = Array.from({ length: streamCount }, () => ({ url: `${base}/stream`, headers: {} }));
    return await measure(streams, posts, async (n) => {
      const response = await fetch(`${base}/publish?n=${n}`, { method: 'POST', body: '{}' });
      await response.arrayBuffer();
    });
  } finally {
    for (const stream of open) stream.end();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

export async function sseFigure(options: { tmp: string; streams: number; posts: number }): Promise<SseFigure> {
  const dir = mkdtempSync(join(options.tmp, 'sse-'));
  const { ctx, dialogue } = await freshDemoNode(join(dir, 'node'));
  try {
    const auth = new AuthService({ store: ctx.store, privates: ctx.store.privates, clock: ctx.node.clock });
    const record = await ctx.node.dialogue(dialogue);
    const members: MemberId[] = [];
    for (const party of record.parties) members.push(...(await ctx.store.privates.membersOf(party as PartyId)).map((m) => m.id));
    const password = 'bench-password-not-secret-2026';
    for (const member of members) await auth.setPassword(member, password);
    const perMember = Math.ceil(options.streams / members.length);
    // Every member logs in once: above the default login rate limit of one client address.
    const app = await buildHttpApp(ctx, { logLevel: 'silent', loginRateLimit: 1_000, stream: { maxStreamsPerMember: Math.max(16, perMember) } });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1`;
      const cookies = new Map<MemberId, string>();
      for (const member of members) {
        const login = await fetch(`${base}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ member, password }) });
        const cookie = /^parley_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
        if (login.status !== 200 || !cookie) throw new Error(`sse bench: login of ${member} answered ${login.status}`);
        cookies.set(member, cookie);
      }
      const streams = Array.from({ length: options.streams }, (_, i) => ({
        url: `${base}/dialogues/${dialogue}/stream`, headers: { cookie: cookies.get(members[i % members.length]!)! },
      }));
      const posters = members.filter((m) => m.endsWith('-duty'));
      if (posters.length < 2) throw new Error('sse bench: the demo needs a duty officer in each party');
      const parley = await measure(streams, options.posts, async (n) => {
        const response = await fetch(`${base}/dialogues/${dialogue}/hotline/calls`, {
          method: 'POST', headers: { cookie: cookies.get(posters[n % posters.length]!)!, 'content-type': 'application/json' },
          body: JSON.stringify({
            precedence: 'routine', subject: { en: `bench-${n} link check`, 'zh-Hans': `基准-${n}` },
            message: { en: 'Please acknowledge when convenient.', 'zh-Hans': '方便时请确认。' },
          }),
        });
        if (response.status !== 201) throw new Error(`sse bench: call answered ${response.status}: ${await response.text()}`);
        await response.arrayBuffer();
      });
      // The raw server sends frames as long as Parley's (same text, same padding).
      const frameBytes = Buffer.byteLength(`${parley.sample}\n\n`);
      const frame = (n: number) => {
        const head = `id: ${n}\nevent: ${EVENT}\ndata: {"subject":"bench-${n}","pad":"`;
        return `${head}${'x'.repeat(Math.max(0, frameBytes - Buffer.byteLength(head) - 4))}"}\n\n`;
      };
      const raw = await rawCeiling(options.streams, options.posts, frame);
      return {
        streams: options.streams, posts: options.posts, frameBytes,
        p50Ms: median(parley.latencies), p99Ms: percentile(parley.latencies, 99), maxMs: Math.max(...parley.latencies),
        raw: { p50Ms: median(raw.latencies), p99Ms: percentile(raw.latencies, 99) },
        missing: parley.missing + raw.missing,
      };
    } finally {
      await app.close();
    }
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
