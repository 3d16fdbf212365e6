/**
 * Fallback for the memory figure where /usr/bin/time is missing: runs the CLI's
 * `parley verify FILE` in this process, then prints `maxRSS <kilobytes>`.
 * Usage: node --import tsx bench/verify-child.ts FILE
 */
import { main } from '../src/cli/main.js';

const file = process.argv[2];
if (!file) throw new Error('usage: bench/verify-child.ts FILE');
const code = await main(['verify', file]);
process.stdout.write(`maxRSS ${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
