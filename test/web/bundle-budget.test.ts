// Budget: the JavaScript a browser must fetch before the app starts (the entry script and
// the chunks it preloads, as built into web/dist) stays at or under 350 KB gzipped.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeAll, expect, it } from 'vitest';
import { ensureWebBuilt } from './browser.js';

const BUDGET = 350 * 1024;

beforeAll(ensureWebBuilt);

/** Paths of the initial scripts named by index.html: module entries and modulepreloads. */
function initialScripts(indexHtml: string): string[] {
  const entries = [...indexHtml.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g)].map((m) => m[1]!);
  const preloads = [...indexHtml.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)].map((m) => m[1]!);
  return [...new Set([...entries, ...preloads])];
}

it(`initial JavaScript is at most ${BUDGET / 1024} KB gzipped`, () => {
  const scripts = initialScripts(readFileSync('web/dist/index.html', 'utf8'));
  expect(scripts.length).toBeGreaterThan(0);
  const sizes = scripts.map((src) => gzipSync(readFileSync(`web/dist${src}`), { level: 9 }).length);
  const total = sizes.reduce((a, b) => a + b, 0);
  console.log(`initial JavaScript: ${scripts.length} file(s), ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB)`);
  expect(total).toBeLessThanOrEqual(BUDGET);
});
