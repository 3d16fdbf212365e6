// For the web app's end-to-end tests: a real `parley demo` server on an ephemeral port of
// 127.0.0.1 (its own data directory, stopped through its process handle), Debian's headless
// Chromium through playwright-core, pages that fail the test on any console error, and
// screenshots saved under test-artifacts/.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { importScenario } from '../../src/app/import-scenario.js';
import { initNode } from '../../src/app/node-context.js';
import { parseScenario } from '../../src/scenario/index.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

export { CHROMIUM, CHROMIUM_ARGS };

export const ARTIFACTS = 'test-artifacts/web';

/** The demo scenario's passwords (scenarios/demo.yaml): fictional roles. */
export const DEMO_PASSWORDS: Record<string, string> = {
  principal: 'demo-principal-2026', delegate: 'demo-delegate-2026', notetaker: 'demo-notetaker-2026',
  duty: 'demo-duty-officer-2026', observer: 'demo-observer-2026', admin: 'demo-admin-2026',
};
export const demoPassword = (member: string) => DEMO_PASSWORDS[member.split('-').slice(1).join('-')]!;

/** The build test/global-setup.ts keeps current; a clear failure when run without it. */
export function ensureWebBuilt(): void {
  if (!existsSync('web/dist/index.html')) throw new Error('web/dist is missing: run the tests through vitest (test/global-setup.ts builds it) or npm run build:web');
}

export interface DemoServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * `parley demo` in a fresh data directory, listening on an ephemeral port; the scenarios
 * given are imported first, so the node has more dialogues than the demo's. `prepare` runs
 * on the data directory once the demo dialogue is in it, before the server starts (to put
 * in what no API call can make, such as the evidence of a fork).
 */
export async function startDemoServer(options: { also?: readonly string[]; prepare?: (dataDir: string) => Promise<void> } = {}): Promise<DemoServer> {
  const data = mkdtempSync(join(tmpdir(), 'parley-web-'));
  if (options.also?.length || options.prepare) {
    await (await initNode({ dataDir: data, name: 'demo.parley.local' })).close();
    for (const file of options.also ?? []) await importScenario(data, parseScenario(readFileSync(file, 'utf8')));
  }
  if (options.prepare) {
    await importScenario(data, parseScenario(readFileSync('scenarios/demo.yaml', 'utf8')));
    await options.prepare(data);
  }
  const child: ChildProcess = spawn(process.execPath, ['bin/parley.js', 'demo', '--data', data, '--port', '0'], {
    env: { ...process.env, PARLEY_HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => reject(new Error(`parley demo exited (${code}) before serving:\n${output}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A member's own browser context (own cookies), at laptop size, recording console errors. */
export interface MemberPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  readonly errors: string[];
}

export async function openAs(browser: Browser, baseURL: string, member: string): Promise<MemberPage> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/');
  await page.getByLabel('Member id').fill(member);
  await page.getByLabel('Password').fill(demoPassword(member));
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('who').waitFor();
  return { context, page, errors };
}

/**
 * The members of a test file, each logged in once in their own browser context and kept for
 * the file's later steps; `opened` lists them all for the final no-console-error check.
 */
export class MemberPages {
  readonly opened: MemberPage[] = [];
  private readonly pages = new Map<string, Page>();

  constructor(private readonly browser: Browser, private readonly url: string) {}

  async page(member: string): Promise<Page> {
    if (!this.pages.has(member)) {
      const session = await openAs(this.browser, this.url, member);
      session.context.setDefaultTimeout(10_000);
      this.opened.push(session);
      this.pages.set(member, session.page);
    }
    return this.pages.get(member)!;
  }
}

/** The trimmed text of every element the locator matches. */
export const texts = async (locator: Locator) => (await locator.allTextContents()).map((s) => s.trim());

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * WCAG 2.1 A/AA violations axe-core finds on the page as it stands (labels, contrast, names,
 * landmarks…), as "rule: element" lines. Evaluated through the DevTools protocol, which the
 * page's CSP does not govern.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_AA)} } })
    .then((r) => r.violations.flatMap((v) => v.nodes.map((n) => v.id + ': ' + n.target.join(' ') + ' — ' + v.help)))`);
}

/** Whether the page scrolls sideways (it should fit a laptop screen). */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth');
}

/** A test file's demo server, browser and members' pages (see `demoForThisFile`). */
export interface DemoSession {
  readonly server: DemoServer;
  readonly browser: Browser;
  readonly members: MemberPages;
}

/**
 * Starts a `parley demo` server and Chromium before the file's tests and stops both after
 * them; read the session's fields inside tests and hooks (they are set by then).
 */
export function demoForThisFile(): DemoSession {
  const state: { server?: DemoServer; browser?: Browser; members?: MemberPages } = {};
  beforeAll(async () => {
    ensureWebBuilt();
    const [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
    Object.assign(state, { server, browser, members: new MemberPages(browser, server.url) });
  }, 120_000);
  afterAll(async () => {
    await state.browser?.close();
    await state.server?.stop();
  });
  const started = <K extends keyof typeof state>(key: K): NonNullable<(typeof state)[K]> => {
    const value = state[key];
    if (value === undefined) throw new Error(`demoForThisFile: the ${key} is only there inside tests and hooks`);
    return value as NonNullable<(typeof state)[K]>;
  };
  return {
    get server() { return started('server'); },
    get browser() { return started('browser'); },
    get members() { return started('members'); },
  };
}
