/**
 * `npm run bench`: every performance figure of SPEC.md §7 in one run, each Parley figure also
 * as a ratio to its raw ceiling measured in this same run; then docs/performance.md.
 * Sizes: bench/config.ts (BENCH_QUICK=1 for a quick run). `--no-write` only prints, and so
 * does a partial run (`BENCH_ONLY=append,http,rebuild`: only those sections).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parleyAppend } from './append.js';
import { BENCH_SECTIONS, benchConfig, type BenchSection } from './config.js';
import { catchUpFigure, lagFigure } from './federation.js';
import { floorFigure, floorNote } from './floor.js';
import { renderNote } from './render.js';
import { exportTranscript, generateDialogue } from './generate.js';
import { httpFigures } from './http.js';
import { proofFigures } from './proofs.js';
import { rawAppendCeiling, rawVerifyCeiling } from './raw.js';
import { rebuildFigure, type RebuildFigure } from './rebuild.js';
import { sseConfig, sseFigure } from './sse.js';
import { currentLoad, machineFacts, tableText, writeReport, type Figure } from './report.js';
import { formatBytes, formatInt, formatPercent, progress, rate } from './stats.js';
import { verifyInChild, verifyThroughput } from './verify.js';

const DOC = fileURLToPath(new URL('../docs/performance.md', import.meta.url));
const GIB = 2 ** 30;
const BENCH_SECTION_COUNT = BENCH_SECTIONS.length;

const config = benchConfig();
const started = performance.now();
const date = new Date().toISOString();
const loadBefore = currentLoad();
const tmp = mkdtempSync(join(tmpdir(), 'parley-bench-'));
const cleanup = () => rmSync(tmp, { recursive: true, force: true });
process.once('SIGINT', () => { cleanup(); process.exit(130); });

const figures: Figure[] = [];
const run = (section: BenchSection) => config.only.has(section);
// Only a run that verified the generated transcript can fail it.
let verifyOk = !run('memory');
const notes: string[] = [];
const lines: string[] = [];
const say = (line: string) => { lines.push(line); process.stdout.write(`${line}\n`); };

try {
  const partial = config.only.size < BENCH_SECTION_COUNT ? ` (BENCH_ONLY=${[...config.only].join(',')})` : '';
  say(`Parley bench ${date}${config.quick ? ' (BENCH_QUICK)' : ''}${partial}\n${machineFacts()}\nload average before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);

  // 1. Raw append ceiling (the append and HTTP figures are ratios to it).
  if (run('append') || run('http')) {
    progress(`raw append ceiling: ${config.rounds} × ${formatInt(config.appendEvents)} events`);
    const rawAppend = await rawAppendCeiling({ events: config.appendEvents, rounds: config.rounds, tmp });
    figures.push({ label: 'Raw append ceiling (canonicalise → SHA-256 → sign → insert, 100/tx)', value: rawAppend.perSecond, unit: 'events/s' });
    notes.push(`Append events: ${rawAppend.eventBytes} bytes each (signed envelope + body).`);

    // 2. Parley append path. Each timed load is bracketed by raw rounds (`aroundCeiling`), and
    // its ratio is to those: the machine's share of CPU drifts within a minute.
    const aroundCeiling = async () => (await rawAppendCeiling({ events: config.appendEvents, rounds: 1, tmp })).perSecond;
    const around = (value: number) => ({ label: 'raw append, around each round', value });
    if (run('append')) {
      progress(`Parley append, sequential: ${config.rounds} × ${formatInt(config.singleAppendEvents)} posts`);
      const single = await parleyAppend({ events: config.singleAppendEvents, inFlight: 1, rounds: config.rounds, tmp, ceiling: aroundCeiling });
      notes.push(`Each post appends ${single.eventsPerPost} events: the message and the delivery receipt of the other party, hosted on the same node (ParleyNode.recordDeliveries); append figures count events. Posts/s: ` +
        `one at a time ${formatInt(single.postsPerSecond)}`);
      const postsNote = notes.length - 1;
      figures.push({ label: 'Parley append, one post at a time', value: single.perSecond, unit: 'events/s', ceiling: around(single.rawPerSecond), ratio: single.ratio, target: '— (1 tx per event)' });
      for (const inFlight of config.concurrency) {
        progress(`Parley append, ${inFlight} in flight: ${config.rounds} × ${formatInt(config.appendEvents)} posts`);
        const concurrent = await parleyAppend({ events: config.appendEvents, inFlight, rounds: config.rounds, tmp, ceiling: aroundCeiling });
        const ratio = concurrent.ratio;
        notes[postsNote] += `, ${inFlight} in flight ${formatInt(concurrent.postsPerSecond)}`;
        figures.push({ label: `Parley append, ${inFlight} posts in flight`, value: concurrent.perSecond, unit: 'events/s', ceiling: around(concurrent.rawPerSecond), ratio, target: '≥ 50%', pass: ratio >= 0.5 });
        notes.push(`Parley append, ${inFlight} in flight, rounds (events/s, raw ceiling around the round, ratio): ` +
          concurrent.rounds.map((events, i) => `${formatInt(events)} / ${formatInt(concurrent.roundCeilings[i]!)} / ${formatPercent(events / concurrent.roundCeilings[i]!)}`).join('; '));
      }
    }

    // 2b. The same append path through the HTTP API, and a read endpoint for reference.
    if (run('http')) {
      progress(`HTTP: ${formatInt(config.httpRequests)} POST …/messages, then GET …/working-groups for ${config.httpReadSeconds} s, ${config.httpConnections} connections`);
      const http = await httpFigures({
        tmp, connections: config.httpConnections, commandRequests: config.httpRequests, warmupRequests: config.httpWarmupRequests, readSeconds: config.httpReadSeconds,
        ceiling: aroundCeiling,
      });
      const { command, read, emptyHandler } = http;
      const commandOk = command.non2xx === 0 && command.errors === 0;
      const httpRatio = command.ratio;
      figures.push({
        label: `HTTP \`POST …/messages\`, ${http.connections} connections (p50 ${command.p50Ms.toFixed(0)} ms; non-2xx ${command.non2xx})`,
        value: command.eventsPerSecond, unit: 'events/s', ceiling: { label: 'raw append, around the load', value: command.rawPerSecond }, ratio: httpRatio, target: '≥ 40%', pass: commandOk && httpRatio >= 0.4,
      });
      figures.push({
        label: `HTTP \`POST …/messages\`, ${http.connections} connections, p99 latency`,
        value: command.p99Ms, unit: 'ms', target: '< 50 ms', pass: commandOk && command.p99Ms < 50,
      });
      figures.push({
        label: `HTTP \`GET …/working-groups\`, ${http.connections} connections (p50 ${read.p50Ms.toFixed(0)} ms, p99 ${read.p99Ms.toFixed(0)} ms; non-2xx ${read.non2xx})`,
        value: read.requestsPerSecond, unit: 'requests/s', target: '— (info)', ...(read.non2xx + read.errors > 0 ? { pass: false } : {}),
      });
      const emptyOk = emptyHandler.non2xx === 0 && emptyHandler.errors === 0;
      figures.push({
        label: `HTTP floor: the same posts to an empty Fastify handler, ${http.connections} connections (p50 ${emptyHandler.p50Ms.toFixed(0)} ms; non-2xx ${emptyHandler.non2xx})`,
        value: emptyHandler.requestsPerSecond, unit: 'requests/s', target: '— (info)', ...(emptyOk ? {} : { pass: false }),
      });
      // What the 40% target asks of the HTTP path, in the empty handler's terms.
      const targetRequests = 0.4 * command.rawPerSecond / Math.max(command.eventsPerRequest, 1);
      notes.push(`HTTP floor: the command load's own autocannon options (headers, body, ${http.connections} connections, ${formatInt(emptyHandler.requests)} requests after a warm-up) ` +
        `against an empty Fastify handler on 127.0.0.1 (body parsed, 201 with a message-sized JSON answer; no authentication, no record): ` +
        `${formatInt(emptyHandler.requestsPerSecond)} requests/s, p50 ${emptyHandler.p50Ms} ms, p99 ${emptyHandler.p99Ms} ms. ` +
        `Parley's posts reached ${formatPercent(command.requestsPerSecond / emptyHandler.requestsPerSecond)} of it; ` +
        `40% of the raw ceiling around the load would be ${formatInt(targetRequests)} posts/s (${command.eventsPerRequest.toFixed(0)} events each), ` +
        `${formatPercent(targetRequests / emptyHandler.requestsPerSecond)} of the empty handler's rate.`);
      notes.push(`HTTP command figure: ${formatInt(command.requests)} requests at ${http.connections} connections in ${command.durationS.toFixed(2)} s = ${formatInt(command.requestsPerSecond)} requests/s; ` +
        `the log grew by ${formatInt(command.events)} events, ${command.eventsPerRequest.toFixed(2)} events per request (the message and the other party's delivery receipt), ` +
        `so ${formatInt(command.eventsPerSecond)} events/s; latency p50 ${command.p50Ms} ms, p99 ${command.p99Ms} ms; non-2xx ${command.non2xx}, connection errors/timeouts ${command.errors}` +
        `${commandOk ? '' : ` (**status codes: ${JSON.stringify(command.statusCodes)}**)`}. ` +
        `Read figure: ${formatInt(read.requests)} requests in ${read.durationS.toFixed(2)} s, p50 ${read.p50Ms} ms, p99 ${read.p99Ms} ms, non-2xx ${read.non2xx}, errors ${read.errors}.`);
    }
  }

  // 2c. Live delivery: publish → receive over SSE under many concurrent streams (bench/sse.ts).
  if (run('sse')) {
    const sse = sseConfig(config.quick);
    progress(`SSE: ${sse.streams} streams, ${sse.posts} hotline calls`);
    const live = await sseFigure({ tmp, ...sse });
    figures.push({
      label: `SSE publish → receive, ${live.streams} streams, median (missing frames ${live.missing})`, value: live.p50Ms, unit: 'ms',
      ceiling: { label: 'bare node:http, same frames', value: live.raw.p50Ms }, ratio: live.raw.p50Ms / live.p50Ms, target: '— (info)',
    });
    figures.push({
      label: `SSE publish → receive, ${live.streams} streams, p99`, value: live.p99Ms, unit: 'ms',
      ceiling: { label: 'bare node:http, same frames', value: live.raw.p99Ms }, ratio: live.raw.p99Ms / live.p99Ms, target: '< 1 s', pass: live.missing === 0 && live.p99Ms < 1000,
    });
    notes.push(`SSE: ${live.posts} hotline calls × ${live.streams} streams = ${formatInt(live.posts * live.streams)} deliveries, frames of ${live.frameBytes} bytes; ` +
      `median ${live.p50Ms.toFixed(1)} ms, p99 ${live.p99Ms.toFixed(1)} ms, max ${live.maxMs.toFixed(1)} ms (raw: median ${live.raw.p50Ms.toFixed(1)} ms, p99 ${live.raw.p99Ms.toFixed(1)} ms); missing ${live.missing}.`);
  }

  // 2e. Federation: catch-up between two nodes on loopback, and replication lag (bench/federation.ts).
  if (run('federation')) {
    progress(`federation: raw single-thread verify ceiling, ${config.rounds} × ${formatInt(config.verifyCeilingSignatures)} signatures`);
    const raw = await rawVerifyCeiling({ signatures: config.verifyCeilingSignatures, rounds: config.rounds });
    progress(`federation: node B catches up on ${formatInt(config.federationEvents)} events of node A over loopback`);
    const catchUp = await catchUpFigure({ tmp, events: config.federationEvents, rounds: 1 });
    figures.push({
      label: `Federation catch-up, ${formatInt(catchUp.events)} events pulled and ingested over loopback`, value: catchUp.perSecond, unit: 'events/s',
      ceiling: { label: 'raw Ed25519 verify, one thread', value: raw.singleThread }, ratio: catchUp.perSecond / raw.singleThread, target: '—',
    });
    notes.push(`Federation catch-up: node B pulled ${formatInt(catchUp.events)} events of node A (1,000 per signed request) and verified, appended and projected each, ` +
      `recording its party's delivery receipt for each (B's log: ${formatInt(catchUp.bLogSize)} events) in ${catchUp.seconds.toFixed(1)} s; raw verify ${formatInt(raw.singleThread)}/s on one thread, ${formatInt(raw.allCores)}/s on ${raw.threads}.`);
    progress(`federation: replication lag, ${config.federationLagRate} posts/s for ${config.federationLagSeconds} s`);
    const lag = await lagFigure({ tmp, perSecond: config.federationLagRate, seconds: config.federationLagSeconds });
    figures.push({ label: `Replication lag A → B, p50 (${lag.perSecond} posts/s, ${formatInt(lag.samples)} samples)`, value: lag.p50Ms, unit: 'ms', target: '—' });
    figures.push({ label: `Replication lag A → B, p99 (max ${lag.maxMs.toFixed(0)} ms)`, value: lag.p99Ms, unit: 'ms', target: '—' });
    notes.push('Federation lag: both nodes in this process, each with its own SQLite database and HTTP server on loopback, replicators running as in `parley serve` ' +
      '(woken by each commit, witnessing on); lag = from the post\'s commit on A to B\'s commit of the ingested event.');
  }

  // 2d. The floor dashboard on a large dialogue (bench/floor.ts).
  if (run('floor') || run('render')) {
    progress(`floor: a dialogue of ${formatInt(config.floorEvents)} events, then ${config.floorSamples} × GET …/floor`);
    const floor = await floorFigure({ tmp, events: config.floorEvents, samples: config.floorSamples, render: run('render') });
    figures.push({
      label: `Floor dashboard \`GET …/floor\`, ${formatInt(floor.events)} events (median; max ${floor.maxMs.toFixed(0)} ms)`, value: floor.medianMs, unit: 'ms',
      ceiling: { label: 'raw read of its input', value: floor.rawMedianMs }, ratio: floor.rawMedianMs / floor.medianMs,
      target: '< 1 s', pass: floor.maxMs < 1000,
    });
    notes.push(floorNote(floor));
    if (floor.render) {
      const r = floor.render;
      figures.push({
        label: `Floor dashboard drawn in Chromium, ${formatInt(floor.events)} events (median; max ${r.maxMs.toFixed(0)} ms; first load ${r.firstLoadMs.toFixed(0)} ms)`, value: r.medianMs, unit: 'ms',
        ceiling: { label: 'the page\'s fetch + parse of GET …/floor', value: r.fetchMedianMs }, ratio: r.fetchMedianMs / r.medianMs,
        target: '< 1 s', pass: r.maxMs < 1000 && r.firstLoadMs < 1000,
      });
      notes.push(renderNote(r));
    }
  }

  // 3. Raw Ed25519 verify ceiling.
  const rawVerify = run('verify') ? await (async () => {
    progress(`raw verify ceiling: ${config.rounds} × ${formatInt(config.verifyCeilingSignatures)} signatures`);
    const ceiling = await rawVerifyCeiling({ signatures: config.verifyCeilingSignatures, rounds: config.rounds });
    figures.push({ label: 'Raw Ed25519 verify, one thread', value: ceiling.singleThread, unit: 'verifies/s' });
    figures.push({ label: `Raw Ed25519 verify, ${ceiling.threads} worker threads`, value: ceiling.allCores, unit: 'verifies/s' });
    return ceiling;
  })() : undefined;

  // Generate the dialogue for 4–6 (only as large as the selected sections need): export at
  // the verify size, and at the full size for the memory figure.
  const full = Math.max(config.verifyEvents, config.proofEvents);
  const total = run('proofs') || run('memory') ? full
    : Math.max(run('verify') ? config.verifyEvents : 0, run('rebuild') ? config.rebuildEvents : 0);
  if (total > 0) {
    let rebuild: RebuildFigure | undefined;
    const verifyFile = join(tmp, `transcript-${config.verifyEvents}.json`);
    const fullFile = join(tmp, `transcript-${total}.json`);
    const exportVerifyFile = run('verify') || (run('memory') && total === config.verifyEvents);
    progress(`generating a dialogue of ${formatInt(total)} events`);
    const generated = await generateDialogue({
      dir: join(tmp, 'generated'), events: total, stops: [config.verifyEvents, config.rebuildEvents].filter((size) => size <= total),
      onSize: async (size, ctx, dialogue) => {
        if (size === config.verifyEvents && exportVerifyFile) await exportTranscript(ctx, dialogue, verifyFile);
        if (size === config.rebuildEvents && run('rebuild')) {
          progress(`rebuildProjections: ${config.rounds} × ${formatInt(size)} events (and the raw ceiling)`);
          rebuild = await rebuildFigure({ ctx, dialogue, rounds: config.rounds, scratch: tmp });
        }
      },
    });
    if (rebuild) {
      const ratio = rebuild.perSecond / rebuild.rawPerSecond;
      figures.push({
        label: `Projection rebuild (\`store.rebuildProjections\`), ${formatInt(rebuild.events)} events`, value: rebuild.perSecond, unit: 'events/s',
        ceiling: { label: 'raw read + JSON.parse + messages rows', value: rebuild.rawPerSecond }, ratio, target: '≥ 20,000 events/s', pass: rebuild.perSecond >= 20_000,
      });
      notes.push(`Projection rebuild: ${formatInt(rebuild.events)} events (${formatInt(rebuild.messages)} \`message.posted\`, the rest the scenario's opening events), ` +
        `rounds ${rebuild.rounds.map(formatInt).join(' / ')} events/s; raw ceiling rounds ${rebuild.rawRounds.map(formatInt).join(' / ')} events/s.`);
    }
    notes.push(`Generated dialogue: ${formatInt(total)} events at ${formatInt(generated.perSecond)} events/s (signing on worker threads; informational).`);
    let memoryFile = verifyFile;
    let fullBytes = exportVerifyFile ? statSync(verifyFile).size : 0;
    try {
      if (run('memory') && total !== config.verifyEvents) {
        progress(`exporting the ${formatInt(total)}-event transcript`);
        const start = performance.now();
        fullBytes = await exportTranscript(generated.ctx, generated.dialogue, fullFile);
        memoryFile = fullFile;
        notes.push(`Export of ${formatInt(total)} events (\`transcriptChunks\` to a file): ${formatInt(rate(total, performance.now() - start))} events/s, ${formatBytes(fullBytes)}.`);
      }

      // 5. Proofs.
      if (run('proofs')) {
        progress(`proofs: ${config.proofSamples} samples each at ${formatInt(config.smallTree)} and ${formatInt(total)} events`);
        for (const p of await proofFigures({ ctx: generated.ctx, dialogue: generated.dialogue, smallTree: config.smallTree, samples: config.proofSamples })) {
          const atFull = p.tree === total;
          figures.push({
            label: `${p.kind === 'inclusion' ? 'Inclusion' : 'Consistency'} proof, tree of ${formatInt(p.tree)} (median; p95 ${p.p95Ms.toFixed(3)} ms)`,
            value: p.medianMs, unit: 'ms', ceiling: { label: 'raw node fetch + build', value: p.rawMedianMs }, ratio: p.rawMedianMs / p.medianMs,
            ...(atFull ? { target: '< 1 ms', pass: p.medianMs < 1 } : { target: '— (info)' }),
          });
        }
      }
    } finally {
      await generated.ctx.close();
    }

    // 4. parley verify throughput, after the generated store is closed (its checkpointer thread
    // and connection gone), each round bracketed by raw verify rounds (bench/verify.ts).
    if (rawVerify) {
      progress(`verifyTranscriptFile: ${config.rounds} × ${formatInt(config.verifyEvents)} events, each between two raw verify rounds`);
      const ceiling = async () => (await rawVerifyCeiling({ signatures: config.verifyCeilingSignatures, rounds: 1, workersOnly: true })).allCores;
      const verify = await verifyThroughput(verifyFile, config.verifyEvents, config.rounds, ceiling);
      figures.push({
        label: `\`parley verify\` (verifyTranscriptFile), ${formatInt(config.verifyEvents)} events`, value: verify.perSecond, unit: 'events/s',
        ceiling: { label: `raw verify, ${rawVerify.threads} threads, around each round`, value: verify.rawPerSecond }, ratio: verify.ratio, target: '≥ 70%', pass: verify.ratio >= 0.7,
      });
      notes.push(`\`parley verify\` rounds (events/s, raw ceiling around the round, ratio): ` +
        verify.rounds.map((r) => `${formatInt(r.perSecond)} / ${formatInt(r.rawPerSecond)} / ${formatPercent(r.ratio)}`).join('; ') + '; the figure is the median of each.');
    }

    // 6. Memory of `parley verify` on the whole-log transcript.
    if (run('memory')) {
      progress(`node bin/parley.js verify on ${formatInt(total)} events (${formatBytes(fullBytes)}), child process`);
      const child = await verifyInChild(memoryFile);
      verifyOk = child.ok;
      if (!child.ok) notes.push(`**\`parley verify\` FAILED on the generated transcript** (exit ${child.exitCode}): ${child.output.slice(0, 500)}`);
      figures.push({
        label: `\`parley verify\` peak RSS, ${formatInt(total)} events`, value: child.maxRssBytes, unit: 'bytes',
        target: total >= 1_000_000 ? '< 1 GiB' : '< 1 GiB (at 1M)', pass: child.ok && child.maxRssBytes < GIB,
      });
      notes.push(`\`node bin/parley.js verify\` on ${formatInt(total)} events (${formatBytes(fullBytes)}): ${child.ok ? 'OK' : 'FAILED'} in ${(child.wallMs / 1000).toFixed(1)} s ` +
        `(${formatInt(rate(total, child.wallMs))} events/s including process start-up); peak RSS by ${child.method}.`);
    }
  }
} finally {
  cleanup();
}

const durationS = (performance.now() - started) / 1000;
const loadAfter = currentLoad();
say('');
say(tableText(figures));
say('');
for (const n of notes) say(`- ${n.replace(/`/g, '')}`);
say(`load average after: ${loadAfter.map((l) => l.toFixed(2)).join(' ')}; ${durationS.toFixed(0)} s`);

const sizes = `raw append ${formatInt(config.appendEvents)} events/round, Parley append ${formatInt(config.appendEvents)} posts/round (one at a time: ${formatInt(config.singleAppendEvents)}), ` +
  `HTTP ${formatInt(config.httpRequests)} posts (after ${formatInt(config.httpWarmupRequests)} warm-up) and ${config.httpReadSeconds} s of reads at ${config.httpConnections} connections, ` +
  `rebuild ${formatInt(config.rebuildEvents)} events, federation catch-up ${formatInt(config.federationEvents)} events and lag ${config.federationLagRate}/s for ${config.federationLagSeconds} s, verify ${formatInt(config.verifyEvents)} events, proofs and memory ${formatInt(Math.max(config.verifyEvents, config.proofEvents))} events, ${config.rounds} rounds`;
if (config.write) {
  writeReport(DOC, { date, quick: config.quick, sizes, durationS, loadBefore, loadAfter, figures, notes }, '## Notes\n\n(none yet)\n');
  progress(`wrote ${DOC}`);
}
const missed = figures.filter((f) => f.pass === false);
if (missed.length > 0) say(`targets not met: ${missed.map((f) => f.label.replace(/`/g, '')).join('; ')}`);
// A failed verify of a generated (valid) transcript is a bug, not a slow figure: exit 1.
if (!verifyOk) process.exitCode = 1;
