/**
 * One `parley verify` throughput round in a fresh process (bench/verify.ts): times
 * `verifyTranscriptFile(FILE)` — start-up not included — and prints `{"events":N,"ms":T}`.
 * Usage: node --import tsx bench/verify-round.ts FILE
 */
import { verifyTranscriptFile } from '../src/node/verify.js';

const file = process.argv[2];
if (!file) throw new Error('usage: bench/verify-round.ts FILE');
const start = performance.now();
const summary = await verifyTranscriptFile(file);
process.stdout.write(`${JSON.stringify({ events: summary.events, ms: performance.now() - start })}\n`);
