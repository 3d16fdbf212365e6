/**
 * The floor dashboard drawn in a real browser (issue 5: "dashboard of a dialogue with 100,000
 * events renders in under 1 s on this machine"): headless Chromium (Debian's, through
 * playwright-core) logged in as a member, loads `/d/<dialogue>/floor` from the node serving
 * the built web app on 127.0.0.1, and the time is from the start of the navigation (the page's
 * `performance.timeOrigin`) to the frame in which the floor's figures are shown and every
 * chart has drawn its SVG. The first load (empty cache: the app and the chart chunk are
 * fetched) is reported apart from the timed samples (cached assets, as a member returning to
 * the page). The ceiling is the page's own `fetch` of `GET …/floor` and its JSON parse in the
 * same browser: the least a page showing that data must wait for.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/web/chromium.js';
import { WEB_DIST } from '../src/http/web.js';
import { FLOOR_PASSWORD, type FloorDialogue } from './floor.js';
import { median } from './stats.js';

export interface RenderFigure {
  readonly firstLoadMs: number;
  readonly medianMs: number;
  readonly maxMs: number;
  readonly samplesMs: readonly number[];
  /** The page's fetch + JSON.parse of GET …/floor, median. */
  readonly fetchMedianMs: number;
  readonly charts: number;
}

/** What the page-side functions use of the DOM. */
interface PageElement { querySelector(selector: string): PageElement | null }
interface PageDocument extends PageElement { querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement> }

/** Milliseconds from navigation start to the frame with the figures and every chart drawn. */
async function loadFloor(page: Page, path: string): Promise<{ ms: number; charts: number }> {
  await page.goto(path, { waitUntil: 'commit' });
  // Functions, not strings: the app's CSP forbids eval. This file is compiled without the DOM's types.
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as { document: PageDocument };
    const charts = [...document.querySelectorAll('.chart-canvas')];
    return document.querySelector('[data-testid="floor-at"]') !== null && charts.length > 0 && charts.every((chart) => chart.querySelector('svg') !== null);
  }, undefined, { polling: 'raf', timeout: 60_000 }).catch(async (error: unknown) => {
    throw new Error(`bench render: the floor page at ${page.url()} did not finish drawing; it shows: ${(await page.locator('body').innerText()).slice(0, 500)}`, { cause: error });
  });
  return page.evaluate(() => {
    const { document } = globalThis as unknown as { document: PageDocument };
    return { ms: performance.now(), charts: document.querySelectorAll('.chart-canvas svg').length };
  });
}

export async function renderFigure(floor: FloorDialogue, samples: number): Promise<RenderFigure> {
  if (!existsSync(`${WEB_DIST}/index.html`)) throw new Error(`bench render: ${WEB_DIST} holds no built web app: run npm run build:web`);
  await floor.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(floor.app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ baseURL: url, viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Member id').fill('boreas-principal');
    await page.getByLabel('Password').fill(FLOOR_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('who').waitFor();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    const path = `/d/${floor.dialogue}/floor`;
    const first = await loadFloor(page, path);
    const timed: number[] = [];
    for (let i = 0; i < samples; i++) timed.push((await loadFloor(page, path)).ms);
    const api = `/api/v1/dialogues/${floor.dialogue}/floor`;
    const fetches: number[] = [];
    for (let i = 0; i < samples; i++) {
      fetches.push(await page.evaluate(async (apiPath) => {
        const start = performance.now();
        await (await fetch(apiPath, { headers: { accept: 'application/json' } })).json();
        return performance.now() - start;
      }, api));
    }
    if (errors.length > 0) throw new Error(`bench render: the page reported errors: ${errors.join('; ')}`);
    return { firstLoadMs: first.ms, medianMs: median(timed), maxMs: Math.max(...timed), samplesMs: timed, fetchMedianMs: median(fetches), charts: first.charts };
  } finally {
    await browser.close();
  }
}

export function renderNote(r: RenderFigure): string {
  return `Floor dashboard in Chromium: ${r.charts} charts; first load (empty cache) ${r.firstLoadMs.toFixed(0)} ms; cached loads ${r.samplesMs.map((ms) => ms.toFixed(0)).join(' / ')} ms ` +
    `(median ${r.medianMs.toFixed(0)}); the page's own fetch + parse of GET …/floor median ${r.fetchMedianMs.toFixed(0)} ms.`;
}

export const RENDER_HOW_MEASURED = `- **Floor dashboard in a browser**: \`bench/render.ts\`, on the floor section's dialogue (above; section
  \`render\`, which also runs \`floor\`). The node serves the built web app (\`web/dist\`) on 127.0.0.1;
  Debian's headless Chromium (playwright-core, 1366×900) logs in as \`boreas-principal\` through the login
  form and loads \`/d/<dialogue>/floor\`: the time is from the navigation's start (the page's
  \`performance.timeOrigin\`) to the animation frame in which the floor's figures are shown and every
  chart has drawn its SVG (session, dialogue list and floor requests, React, the ECharts chunk, the
  drawing). The first load (empty cache) is reported, then \`BENCH_FLOOR_SAMPLES\` loads with the
  assets cached, median and worst. Ceiling: the page's own \`fetch\` + \`json()\` of \`GET …/floor\`,
  median; ratio = ceiling ÷ page. Target (issue 5): under 1 s, for the first load and the worst cached load.`;
