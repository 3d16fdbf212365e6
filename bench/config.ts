/**
 * Bench sizes, from the environment. `BENCH_QUICK=1` shrinks everything to run in well under
 * a minute (for development); each size can also be set on its own.
 */
export interface BenchConfig {
  readonly quick: boolean;
  /** Median of this many rounds for the cheap figures. */
  readonly rounds: number;
  /** Events per round of the raw append ceiling and of each Parley append mode. */
  readonly appendEvents: number;
  /** Sequential single posts per round (each is its own transaction, so fewer). */
  readonly singleAppendEvents: number;
  /** Concurrency levels of the Parley append path. */
  readonly concurrency: readonly number[];
  /** Signatures per round of the raw verify ceiling. */
  readonly verifyCeilingSignatures: number;
  /** Events in the transcript timed with verifyTranscriptFile (figure 4). */
  readonly verifyEvents: number;
  /** Events in the dialogue the proofs are taken from, and of the memory run (figures 5, 6). */
  readonly proofEvents: number;
  /** Samples per proof figure. */
  readonly proofSamples: number;
  /** The smaller tree of the proof figures ("10k"). */
  readonly smallTree: number;
  /** Concurrent connections of the HTTP figures. */
  readonly httpConnections: number;
  /** Timed `POST …/messages` requests of the HTTP command figure (after `httpWarmupRequests`). */
  readonly httpRequests: number;
  readonly httpWarmupRequests: number;
  /** Seconds of the HTTP read figure. */
  readonly httpReadSeconds: number;
  /** Events of the floor dashboard's dialogue (bench/floor.ts) and timed requests of its endpoint. */
  readonly floorEvents: number;
  readonly floorSamples: number;
  /** Events node B catches up on from node A (section federation), and the steady stream of the lag figure. */
  readonly federationEvents: number;
  readonly federationLagRate: number;
  readonly federationLagSeconds: number;
  /** Size of the generated dialogue when its projections are rebuilt (at most the proof size). */
  readonly rebuildEvents: number;
  /**
   * The sections to run (`BENCH_ONLY=http,rebuild,append`; default all). A partial run only
   * prints: docs/performance.md is rewritten by a full run alone.
   */
  readonly only: ReadonlySet<BenchSection>;
  /** Write docs/performance.md (default) or only print (`--no-write`, or any `BENCH_ONLY`). */
  readonly write: boolean;
}

export const BENCH_SECTIONS = ['append', 'http', 'sse', 'verify', 'proofs', 'rebuild', 'memory', 'floor', 'render', 'federation'] as const;
export type BenchSection = (typeof BENCH_SECTIONS)[number];

function sectionsFromEnv(): Set<BenchSection> | undefined {
  const text = process.env.BENCH_ONLY?.trim();
  if (!text) return undefined;
  const names = text.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !(BENCH_SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown sections ${unknown.join(', ')} (known: ${BENCH_SECTIONS.join(', ')})`);
  return new Set(names as BenchSection[]);
}

function intFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${text}"`);
  return value;
}

export function benchConfig(argv: readonly string[] = process.argv.slice(2)): BenchConfig {
  const quick = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';
  const verifyEvents = intFromEnv('BENCH_VERIFY_EVENTS', quick ? 3_000 : 100_000);
  const proofEvents = intFromEnv('BENCH_PROOF_EVENTS', quick ? 20_000 : 1_000_000);
  const only = sectionsFromEnv();
  const unknown = argv.filter((a) => a !== '--no-write' && a !== '--write');
  if (unknown.length > 0) throw new Error(`unknown arguments: ${unknown.join(' ')} (only --no-write)`);
  return {
    quick,
    rounds: intFromEnv('BENCH_ROUNDS', 3),
    appendEvents: intFromEnv('BENCH_APPEND_EVENTS', quick ? 1_000 : 5_000),
    singleAppendEvents: intFromEnv('BENCH_SINGLE_APPEND_EVENTS', quick ? 300 : 1_500),
    concurrency: [32, 256],
    verifyCeilingSignatures: intFromEnv('BENCH_VERIFY_CEILING_SIGNATURES', quick ? 3_000 : 12_000),
    verifyEvents,
    proofEvents,
    proofSamples: intFromEnv('BENCH_PROOF_SAMPLES', 200),
    smallTree: Math.min(10_000, proofEvents),
    httpConnections: intFromEnv('BENCH_HTTP_CONNECTIONS', 32),
    httpRequests: intFromEnv('BENCH_HTTP_REQUESTS', quick ? 300 : 5_000),
    httpWarmupRequests: intFromEnv('BENCH_HTTP_WARMUP_REQUESTS', quick ? 50 : 300),
    httpReadSeconds: intFromEnv('BENCH_HTTP_READ_SECONDS', quick ? 1 : 10),
    floorEvents: intFromEnv('BENCH_FLOOR_EVENTS', quick ? 25_000 : 100_000),
    floorSamples: intFromEnv('BENCH_FLOOR_SAMPLES', quick ? 3 : 10),
    federationEvents: intFromEnv('BENCH_FEDERATION_EVENTS', quick ? 5_000 : 100_000),
    federationLagRate: intFromEnv('BENCH_FEDERATION_LAG_RATE', 50),
    federationLagSeconds: intFromEnv('BENCH_FEDERATION_LAG_SECONDS', quick ? 5 : 20),
    rebuildEvents: Math.min(intFromEnv('BENCH_REBUILD_EVENTS', quick ? 5_000 : 100_000), Math.max(verifyEvents, proofEvents)),
    only: only ?? new Set(BENCH_SECTIONS),
    write: !argv.includes('--no-write') && only === undefined,
  };
}
