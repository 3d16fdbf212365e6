/**
 * The figures table: printed, and written to docs/performance.md. The part of that file
 * below the NOTES marker is kept across runs (hand-written findings); the rest is generated.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { FLOOR_HOW_MEASURED } from './floor.js';
import { RENDER_HOW_MEASURED } from './render.js';
import { SSE_HOW_MEASURED } from './sse.js';
import { formatBytes, formatInt, formatMs, formatPercent } from './stats.js';

export type Unit = 'events/s' | 'verifies/s' | 'requests/s' | 'ms' | 'bytes';

export interface Figure {
  readonly label: string;
  readonly value: number;
  readonly unit: Unit;
  /** The raw ceiling this figure is compared with, measured in the same run. */
  readonly ceiling?: { readonly label: string; readonly value: number };
  /** Figure ÷ ceiling for rates; ceiling ÷ figure for times (1.0 = as fast as raw). */
  readonly ratio?: number;
  readonly target?: string;
  readonly pass?: boolean;
}

export interface Report {
  readonly date: string;
  readonly quick: boolean;
  readonly sizes: string;
  readonly durationS: number;
  readonly loadBefore: number[];
  readonly loadAfter: number[];
  readonly figures: Figure[];
  readonly notes: string[];
}

export const NOTES_MARKER = '<!-- notes: everything below this line is kept when `npm run bench` rewrites this file -->';

function formatValue(value: number, unit: Unit): string {
  if (unit === 'ms') return formatMs(value);
  if (unit === 'bytes') return formatBytes(value);
  return `${formatInt(value)} ${unit}`;
}

function verdict(f: Figure): string {
  if (f.pass === undefined) return '—';
  return f.pass ? 'pass' : '**FAIL**';
}

export function machineFacts(): string {
  const cpu = cpus();
  return `${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM ` +
    `(os.totalmem() = ${totalmem()}), Node ${process.version}, ${process.platform} ${process.arch}`;
}

export function tableMarkdown(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.label,
    formatValue(f.value, f.unit),
    f.ceiling ? `${formatValue(f.ceiling.value, f.unit)} (${f.ceiling.label})` : '—',
    f.ratio === undefined ? '—' : formatPercent(f.ratio),
    f.target ?? '—',
    verdict(f),
  ]);
  return [
    '| figure | measured | raw ceiling (same run) | ratio | target | result |',
    '| --- | ---: | --- | ---: | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** Plain-text table for the terminal. */
export function tableText(figures: readonly Figure[]): string {
  const rows = [['figure', 'measured', 'raw ceiling', 'ratio', 'target', 'result'], ...figures.map((f) => [
    f.label, formatValue(f.value, f.unit), f.ceiling ? formatValue(f.ceiling.value, f.unit) : '-',
    f.ratio === undefined ? '-' : formatPercent(f.ratio), f.target ?? '-', f.pass === undefined ? '-' : f.pass ? 'pass' : 'FAIL',
  ])];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

const HOW_MEASURED = `## How measured

\`npm run bench\` (\`node --import tsx bench/run.ts\`) measures every figure in one run and **always
rewrites this file** with the results (\`npm run bench -- --no-write\` only prints them). Each
Parley figure is compared with a raw ceiling measured in the same run, on the same machine and
under the same load, so the ratio is what to compare across runs and machines, not the absolute
rates. Rates are medians of several short rounds (\`BENCH_ROUNDS\`, default 3); proof times are
medians of 200 samples. All data lives under a temporary directory (\`os.tmpdir()\`), deleted at the end.

- **Raw append ceiling**: per event, canonicalise the body and the envelope (Parley's RFC 8785
  \`canonicalize\`), SHA-256 both (\`node:crypto\`), Ed25519-sign the envelope, and insert id, envelope
  and body into a plain better-sqlite3 table (WAL, \`synchronous=NORMAL\`, one prepared statement),
  100 rows per transaction, all on one thread. Events are bilingual \`message.posted\` events of two
  parties with real \`seq\`/\`prev\`/\`seen\` fields.
- **Parley append**: each round in a fresh SQLite data directory (\`initNode\` + \`scenarios/demo.yaml\`),
  then \`node.postMessage(...)\` by the two delegates alternately: one after another (each its own
  transaction), or with 32 / 256 posts kept in flight (a pool of lanes; the appender group-commits
  what is queued per dialogue). Each round is bracketed by a raw append round (5,000 events) just
  before and just after it, and its ratio is to the mean of those two, as for \`parley verify\`:
  the CPU this process gets on the shared machine drifts within a minute, and one ceiling measured
  before every round made the ratio swing by ±5 points between runs of the same code. The figure
  is the median round (its ratio, and the ceiling around it, are the medians of the rounds').
  Target: the in-flight figures ≥ 50% of the raw ceiling. The sequential figure has no target:
  one transaction per event by construction.
- **HTTP command throughput and latency**: a fresh SQLite node as above, the API in this
  process (\`buildHttpApp(ctx, { logLevel: 'silent' })\`, listening on 127.0.0.1, ephemeral port,
  closed by the bench). \`aurelia-delegate\` gets a password (\`AuthService.setPassword\`), logs in
  once (\`POST /api/v1/session\`), and every request carries the \`parley_session\` cookie. Two
  working groups are proposed over HTTP. autocannon 9 (programmatic, from one worker thread, so it
  does not share the server's event loop, only the cores) sends \`BENCH_HTTP_WARMUP_REQUESTS\` then
  \`BENCH_HTTP_REQUESTS\` \`POST /api/v1/dialogues/<id>/messages\` with a bilingual
  \`{"text": {...}}\` body over 32 connections (a fixed amount, so every request has been answered,
  hence committed, when the log size is read again). Events are the log's growth during the timed
  requests (2 per request: the message and the other party's delivery receipt), divided by
  autocannon's duration, which is exact to 10 ms (\`sampleInt: 10\`: with its default of 1 s,
  autocannon ends a fixed amount only at the next whole second); the ratio is to the mean of a
  raw append round just before and one just after the load. Latency percentiles are
  autocannon's (2xx responses only; whole milliseconds). Targets: ≥ 40% of the raw ceiling,
  p99 < 50 ms, and no non-2xx response or connection error (else both rows fail). For reference,
  \`GET /api/v1/dialogues/<id>/working-groups\` (the two groups) for \`BENCH_HTTP_READ_SECONDS\` at
  32 connections after \`BENCH_HTTP_WARMUP_REQUESTS\` warm-up reads (no ceiling, no target).
  **HTTP floor** (information, no target): just after the command load, the same autocannon
  options — headers, body, connections, \`BENCH_HTTP_WARMUP_REQUESTS\` then \`BENCH_HTTP_REQUESTS\`
  posts — against an empty Fastify handler in this process (same framework and JSON body parser;
  it answers 201 with a message-sized object; no authentication, no record). It is what the
  framework and the load generator alone allow on this machine: the notes give Parley's posts/s as
  a share of it, and what the 40% target asks in the same terms.
- **Projection rebuild**: \`store.rebuildProjections(dialogue)\` (the SqlStore of the node, as
  \`parley rebuild\` runs it) on the generated dialogue below when it holds \`BENCH_REBUILD_EVENTS\`
  events, events/s, median of the rounds; the messages projection must hold as many rows after as
  before. Raw ceiling (\`raw read + JSON.parse + messages rows\`): a second, read-only better-sqlite3
  connection to the same file reads the dialogue's event rows in log order (one prepared statement,
  pages of 1,000), JSON.parses envelope and body, and writes one row per \`message.posted\` event
  into a table of the same shape as \`messages\` (same primary key) in a scratch file,
  deleting the previous round's rows first, all in one transaction. Target ≥ 20,000 events/s.
- **Raw Ed25519 verify**: precomputed valid signatures over event-sized inputs, \`crypto.verify\` with
  cached KeyObjects, on this thread, and on one inline worker thread per core (the tasks split
  between them; worker start-up not timed).
- **\`parley verify\` throughput**: a dialogue is generated (demo scenario, then \`message.posted\`
  events of the two parties alternately, built with \`nextChainFields\`/\`signingInput\`, signed on
  worker threads and appended with \`store.withDialogue(d, tx => tx.append(batch))\` in batches of
  5,000), exported with \`records.transcriptChunks\` when it holds \`BENCH_VERIFY_EVENTS\` events, and
  \`verifyTranscriptFile(file)\` (one signature worker per core) is timed in a fresh child process
  per round (\`bench/verify-round.ts\`; process start-up not timed), as \`parley verify\` runs — in
  the bench's own process, after the generation and export, the same code ran ~8% slower.
  Target ≥ 70% of the all-cores raw verify rate.
- **Proofs**: on the same generated dialogue once it holds \`BENCH_PROOF_EVENTS\` events, median time
  of \`records.inclusionProof\` and \`records.consistencyProof\` over random (seeded) indexes and
  \`from\` sizes, against the first 10,000 events (the \`size\` / \`to\` argument) and the whole log.
  The checkpoints of both sizes are signed before timing, so **no timed call includes a signature**.
  A few proofs of each kind are verified against the signed checkpoints first. The raw ceiling is
  fetching the same Merkle nodes with a prepared better-sqlite3 point lookup each, and building the
  same proof; the ratio is ceiling time ÷ Parley time. Target < 1 ms median at the full size.
- **Memory**: \`node bin/parley.js verify FILE\` on the whole-log transcript, as a child process, its
  peak RSS from \`/usr/bin/time -v\` (or, without it, \`process.resourceUsage().maxRSS\` from
  \`bench/verify-child.ts\`). Target < 1 GiB at 1,000,000 events.

Sizes: \`BENCH_QUICK=1\` (everything small, under a minute), \`BENCH_VERIFY_EVENTS\` (default 100,000),
\`BENCH_PROOF_EVENTS\` (default 1,000,000), \`BENCH_REBUILD_EVENTS\` (100,000), \`BENCH_HTTP_REQUESTS\` (5,000),
\`BENCH_HTTP_WARMUP_REQUESTS\` (300), \`BENCH_HTTP_READ_SECONDS\` (10), \`BENCH_HTTP_CONNECTIONS\` (32), \`BENCH_APPEND_EVENTS\` (5,000), \`BENCH_SINGLE_APPEND_EVENTS\`
(1,500), \`BENCH_VERIFY_CEILING_SIGNATURES\` (12,000), \`BENCH_PROOF_SAMPLES\` (200), \`BENCH_ROUNDS\` (3).
Sections: \`BENCH_ONLY=append,http,rebuild\` (any of append, http, sse, verify, proofs, rebuild, memory, floor, render)
runs only those, generating the dialogue only as large as they need; such a partial run only prints,
it never rewrites this file.
The machine is shared (2 cores, other engineers' tests): the load average is printed with each
run, and the ratios, not the absolute rates, are what the targets judge.`;

export function reportMarkdown(report: Report, keptNotes: string): string {
  const failed = report.figures.filter((f) => f.pass === false);
  return [
    '# Performance',
    '',
    `Generated by \`npm run bench\` on ${report.date}${report.quick ? ' — **BENCH_QUICK run: small sizes, not the reference figures**' : ''}.`,
    '',
    `- Machine: ${machineFacts()}`,
    `- Load average (1/5/15 min) before: ${report.loadBefore.map((l) => l.toFixed(2)).join(' / ')}; after: ${report.loadAfter.map((l) => l.toFixed(2)).join(' / ')}`,
    `- Sizes: ${report.sizes}`,
    `- Bench duration: ${report.durationS.toFixed(0)} s`,
    `- Targets (SPEC.md §7): ${failed.length === 0 ? 'all met' : `${failed.length} not met: ${failed.map((f) => f.label).join('; ')}`}`,
    '',
    tableMarkdown(report.figures),
    '',
    ...report.notes.map((n) => `- ${n}`),
    '',
    HOW_MEASURED,
    '',
    SSE_HOW_MEASURED,
    '',
    FLOOR_HOW_MEASURED,
    RENDER_HOW_MEASURED,
    '',
    NOTES_MARKER,
    keptNotes.trimEnd(),
    '',
  ].join('\n');
}

/** Writes `path`, keeping whatever followed the notes marker in the existing file. */
export function writeReport(path: string, report: Report, defaultNotes: string): void {
  let kept = defaultNotes;
  if (existsSync(path)) {
    const old = readFileSync(path, 'utf8');
    const at = old.indexOf(NOTES_MARKER);
    if (at >= 0) kept = old.slice(at + NOTES_MARKER.length).replace(/^\n/, '');
  }
  writeFileSync(path, reportMarkdown(report, kept));
}

export function currentLoad(): number[] {
  return loadavg();
}
