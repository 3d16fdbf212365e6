/**
 * Figures 4 and 6: `parley verify` on an exported transcript.
 * - throughput: `verifyTranscriptFile(file)`, one signature worker per core, timed in a fresh
 *   child process per round (bench/verify-round.ts), as `parley verify` runs: in this process,
 *   after it has generated and exported the dialogue, the same code ran ~8% slower (with its
 *   heap collected and no writeback pending; most likely its compiled code, tuned to the
 *   generation — measured 2026-11-29, docs/performance.md);
 * - memory: `node bin/parley.js verify FILE` as a child process, its peak RSS read with
 *   `/usr/bin/time -v` (or, without it, from `process.resourceUsage().maxRSS` printed by
 *   bench/verify-child.ts, which runs the same CLI entry in a child).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median, rate, repeat } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** One verify round and the raw all-cores verify rate measured just before and just after it. */
export interface VerifyRound {
  readonly perSecond: number;
  /** Mean of the raw rate before and after this round: the ceiling under this round's load. */
  readonly rawPerSecond: number;
  readonly ratio: number;
}

/**
 * Events/s of verifyTranscriptFile over `file`, each round bracketed by a raw all-cores verify
 * round (`ceiling()`) just before and just after it, so the ratio compares the two under the
 * same load: on the shared machine the CPU this process gets changes within minutes, and a
 * ceiling measured minutes earlier made the ratio swing between runs of the same code.
 * The figure is the median round; throws if verification fails.
 */
export async function verifyThroughput(file: string, events: number, rounds: number, ceiling: () => Promise<number>): Promise<{
  perSecond: number; rawPerSecond: number; ratio: number; rounds: VerifyRound[];
}> {
  const results = await repeat(rounds, async (): Promise<VerifyRound> => {
    const before = await ceiling();
    const { events: verified, ms } = await verifyRound(file);
    const after = await ceiling();
    if (verified !== events) throw new Error(`verify: ${verified} events verified, expected ${events}`);
    const perSecond = rate(events, ms);
    const rawPerSecond = (before + after) / 2;
    return { perSecond, rawPerSecond, ratio: perSecond / rawPerSecond };
  });
  return {
    perSecond: median(results.map((r) => r.perSecond)),
    rawPerSecond: median(results.map((r) => r.rawPerSecond)),
    ratio: median(results.map((r) => r.ratio)),
    rounds: results,
  };
}

/** Times `verifyTranscriptFile(file)` in a fresh child process (bench/verify-round.ts). */
async function verifyRound(file: string): Promise<{ events: number; ms: number }> {
  const r = await run(process.execPath, ['--import', 'tsx', 'bench/verify-round.ts', file]);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.code !== 0 || !line.startsWith('{')) throw new Error(`verify round failed (exit ${r.code}): ${(r.stdout + r.stderr).slice(0, 500)}`);
  return JSON.parse(line) as { events: number; ms: number };
}

export interface ChildVerify {
  readonly ok: boolean;
  readonly exitCode: number | null;
  readonly maxRssBytes: number;
  readonly wallMs: number;
  readonly method: string;
  readonly output: string;
}

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - start }));
  });
}

/** Runs `parley verify FILE` in a child process and reads its peak RSS. */
export async function verifyInChild(file: string): Promise<ChildVerify> {
  if (existsSync('/usr/bin/time')) {
    const r = await run('/usr/bin/time', ['-v', process.execPath, 'bin/parley.js', 'verify', file]);
    const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    if (!kb) throw new Error(`/usr/bin/time printed no peak RSS:\n${r.stderr}`);
    return {
      ok: r.code === 0 && r.stdout.startsWith('OK'), exitCode: r.code, maxRssBytes: Number(kb[1]) * 1024, wallMs: r.ms,
      method: '`/usr/bin/time -v node bin/parley.js verify FILE` (Maximum resident set size)',
      output: (r.stdout + r.stderr.split('\n\tCommand being timed')[0]).trim(),
    };
  }
  const r = await run(process.execPath, ['--import', 'tsx', 'bench/verify-child.ts', file]);
  const rss = /^maxRSS (\d+)$/m.exec(r.stdout);
  if (!rss) throw new Error(`bench/verify-child.ts printed no maxRSS:\n${r.stdout}\n${r.stderr}`);
  return {
    ok: r.code === 0 && r.stdout.startsWith('OK'), exitCode: r.code, maxRssBytes: Number(rss[1]) * 1024, wallMs: r.ms,
    method: '`node --import tsx bench/verify-child.ts FILE` (the CLI\'s `main([\'verify\', FILE])`, then process.resourceUsage().maxRSS)',
    output: (r.stdout + r.stderr).trim(),
  };
}
