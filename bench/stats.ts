/** Small helpers: medians, rates, formatting, progress lines on stderr. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Events per second. */
export function rate(count: number, ms: number): number {
  return (count / ms) * 1000;
}

/** Runs `round` `rounds` times, returning every result (for a median). */
export async function repeat<T>(rounds: number, round: (i: number) => Promise<T> | T): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < rounds; i++) out.push(await round(i));
  return out;
}

export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A ratio as a whole percentage: 0.243 → "24%". */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(0)}%`;
}

export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(3)} ms` : `${ms.toFixed(0)} ms`;
}

export function formatBytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** A progress line on stderr (the figures go to stdout). */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
