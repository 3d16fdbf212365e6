/**
 * The part of autocannon 9's programmatic API that bench/http.ts uses (the package ships no
 * types; only autocannon itself is a dev dependency). See node_modules/autocannon/README.md.
 */
declare module 'autocannon' {
  export interface Histogram {
    readonly average: number;
    readonly mean: number;
    readonly min: number;
    readonly max: number;
    readonly total: number;
    readonly p50: number;
    readonly p90: number;
    readonly p97_5: number;
    readonly p99: number;
    readonly p99_9: number;
  }

  export interface Options {
    url: string;
    method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    pipelining?: number;
    /** Seconds. */
    duration?: number;
    /** Total requests (instead of a duration). */
    amount?: number;
    /** Run the load in this many worker threads, off the caller's event loop. */
    workers?: number;
    /** Milliseconds between samples (default 1,000); a run with `amount` ends at the next one. */
    sampleInt?: number;
    timeout?: number;
  }

  export interface Result {
    /** Seconds. */
    readonly duration: number;
    readonly errors: number;
    readonly timeouts: number;
    readonly non2xx: number;
    readonly '2xx': number;
    readonly statusCodeStats: Record<string, { count: number }>;
    /** Milliseconds, 2xx responses only. */
    readonly latency: Histogram;
    /** Per-second samples; `total` is the completed requests. */
    readonly requests: Histogram & { readonly sent: number };
  }

  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
