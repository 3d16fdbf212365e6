// The web app's main journeys in headless Chromium, against a real `parley demo` server:
// members of both parties, each in their own browser context, propose and accept a working
// group, commit, deliver and confirm a commitment, read the record's status, switch to
// Simplified Chinese — asserting what the pages show — with no console error on any page.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, ensureWebBuilt, launchBrowser, MemberPages, openAs, overflowsHorizontally, screenshot, startDemoServer, texts, type DemoServer } from './browser.js';

const DIALOGUE = 'pacific-channels';
const NEW_GROUP = 'Cyber incident channel';
const COMMITMENT = 'Share the schedule of coast guard patrols';

let server: DemoServer;
let browser: Browser;
let members: MemberPages;

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startDemoServer({ also: ['test/web/fixtures/arctic.yaml'] }), launchBrowser()]);
  members = new MemberPages(browser, server.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The member's page, logged in (once) in their own browser context. */
const page = (member: string): Promise<Page> => members.page(member);

const groupCard = (p: Page, title: string) => p.getByTestId('working-group').filter({ hasText: title });
const column = (p: Page, status: string) => p.locator(`[data-column="${status}"]`);
const commitmentIn = (p: Page, status: string, title: string) => column(p, status).getByTestId('commitment').filter({ hasText: title });

describe('the web app, as members of both parties', () => {
  it('asks who you are, then shows the member, their party and roles, and the dialogue', async () => {
    const visitor = await browser.newContext({ baseURL: server.url, viewport: { width: 1366, height: 900 } });
    const errors: string[] = [];
    const login = await visitor.newPage();
    login.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await login.goto(`/d/${DIALOGUE}/commitments`);
    expect(await login.getByRole('heading', { level: 1 }).textContent()).toBe('Log in to Parley');
    // By keyboard alone: the member id field comes first, Tab moves on, Enter submits.
    await login.keyboard.press('Tab');
    expect(await login.evaluate('document.activeElement.name')).toBe('member');
    await login.keyboard.type('aurelia-delegate');
    await login.keyboard.press('Tab');
    await login.keyboard.type('not the password');
    await login.keyboard.press('Enter');
    expect(await login.getByRole('alert').textContent()).toContain('Login failed');
    await screenshot(login, 'login');
    await visitor.close();
    // The refused login is the only request that failed.
    expect(errors.every((e) => e.includes('401'))).toBe(true);

    const delegate = await page('aurelia-delegate');
    // The floor dashboard is the dialogue's landing page (test/web/floor.e2e.test.ts).
    expect(new URL(delegate.url()).pathname).toBe(`/d/${DIALOGUE}/floor`);
    expect(await delegate.getByTestId('party').textContent()).toBe('Party: Republic of Aurelia');
    expect(await delegate.getByTestId('roles').textContent()).toBe('Roles: Delegate');
    expect(await delegate.getByLabel('Dialogue').inputValue()).toBe(DIALOGUE);
    expect(await texts(delegate.getByRole('navigation', { name: 'Pages' }).getByRole('link'))).toEqual(['Floor', 'Working groups', 'Meetings', 'Commitments', 'Messages', 'Hotline', 'Notices', 'Incidents', 'Timeline', 'Record']);
  });

  it('a working group proposed by an Aurelia delegate is accepted by a Boreas principal and is then active for both', async () => {
    const delegate = await page('aurelia-delegate');
    await delegate.getByRole('link', { name: 'Working groups' }).click();
    // The demo's pending proposal is Aurelia's own: its delegate may withdraw it, not accept it.
    const broader = groupCard(delegate, 'Broader areas of the relationship');
    await broader.waitFor();
    expect(await broader.locator('.badge').textContent()).toBe('Proposed');
    expect(await texts(broader.locator('.actions button'))).toEqual(['Withdraw']);
    expect(await groupCard(delegate, 'Maritime issues').textContent()).toContain('Protected channel');

    await delegate.getByRole('button', { name: 'Propose a working group…' }).click();
    await delegate.getByLabel('Title (English)').fill(NEW_GROUP);
    await delegate.getByLabel('Goals in English, one per line').fill('Agree points of contact for cyber incidents\nExchange incident reports within 24 hours');
    await delegate.getByLabel('Goals in Chinese, one per line, in the same order (optional)').fill('商定网络事件联络点');
    await delegate.getByRole('button', { name: 'Propose', exact: true }).click();
    await delegate.getByRole('status').filter({ hasText: 'working group proposed' }).waitFor();
    const proposed = groupCard(delegate, NEW_GROUP);
    expect(await proposed.locator('.badge').textContent()).toBe('Proposed');
    expect(await proposed.locator('.awaiting').textContent()).toBe('Awaiting acceptance by Boreas Federation');
    // The second goal has no Chinese text: marked as missing, not filled in.
    expect(await proposed.locator('.goals li').nth(1).locator('.missing').textContent()).toBe('missing translation');
    expect(await proposed.locator('.goals li').nth(0).locator('[lang="zh-Hans"]').textContent()).toContain('商定网络事件联络点');
    await screenshot(delegate, 'working-groups');

    const principal = await page('boreas-principal');
    expect(await principal.getByTestId('party').textContent()).toBe('Party: Boreas Federation');
    await principal.getByRole('link', { name: 'Working groups' }).click();
    const offered = groupCard(principal, NEW_GROUP);
    await offered.waitFor();
    expect(await texts(offered.locator('.actions button'))).toEqual(['Accept', 'Reject']);
    await offered.getByRole('button', { name: 'Accept' }).click();
    expect(await offered.getByLabel('Your co-chair (member id)').inputValue()).toBe('boreas-principal');
    await offered.getByLabel('Your co-chair (member id)').fill('boreas-delegate');
    await offered.locator('form').getByRole('button', { name: 'Accept' }).click();
    await offered.locator('.badge', { hasText: 'Active' }).waitFor();
    expect(await offered.locator('.facts dd').first().textContent()).toBe('Republic of Aurelia: aurelia-delegate · Boreas Federation: boreas-delegate');
    // A principal may suspend an active group, with a reason.
    expect(await texts(offered.locator('.actions button'))).toEqual(['Suspend']);

    // The proposer's page, open all along, shows the acceptance live (Server-Sent Events).
    await groupCard(delegate, NEW_GROUP).locator('.badge', { hasText: 'Active' }).waitFor();
    expect(await groupCard(delegate, NEW_GROUP).locator('.actions button').count()).toBe(0);
  });

  it('a working group suspended with a reason shows the reason, and the suspending party resumes it', async () => {
    const principal = await page('boreas-principal');
    const card = groupCard(principal, NEW_GROUP);
    await card.getByRole('button', { name: 'Suspend' }).click();
    await card.getByLabel('Reason').fill('Pending clarification of the incident of 20 November.');
    await card.locator('form').getByRole('button', { name: 'Suspend' }).click();
    await card.locator('.badge', { hasText: 'Suspended' }).waitFor();
    expect(await card.locator('.suspension').textContent()).toContain('Suspended by Boreas Federation');
    expect(await card.locator('.suspension').textContent()).toContain('Pending clarification of the incident of 20 November.');
    await card.getByRole('button', { name: 'Resume' }).click();
    await card.locator('.badge', { hasText: 'Active' }).waitFor();
    expect(await card.locator('.suspension').count()).toBe(0);
  });

  it('a commitment Boreas proposes for Aurelia is committed and delivered by Aurelia and confirmed by Boreas; each sees only its own steps', async () => {
    const boreas = await page('boreas-principal');
    await boreas.getByRole('link', { name: 'Commitments' }).click();
    await boreas.getByRole('button', { name: 'Propose a commitment…' }).click();
    await boreas.getByLabel('Working group').selectOption({ label: 'Maritime issues' });
    await boreas.getByLabel('Committing party (who will do it)').selectOption('aurelia');
    await boreas.getByLabel('What (English)').fill(COMMITMENT);
    await boreas.getByLabel('Due date').fill('2027-03-31');
    await boreas.getByRole('button', { name: 'Propose', exact: true }).click();
    const proposedByBoreas = commitmentIn(boreas, 'proposed', COMMITMENT);
    await proposedByBoreas.waitFor();
    expect(await proposedByBoreas.locator('.due').textContent()).toBe('Due Mar 31, 2027');
    // Aurelia commits Aurelia: Boreas cannot.
    expect(await proposedByBoreas.locator('.actions button').count()).toBe(0);

    const delegate = await page('aurelia-delegate');
    await delegate.getByRole('link', { name: 'Commitments' }).click();
    const proposedCard = commitmentIn(delegate, 'proposed', COMMITMENT);
    await proposedCard.waitFor();
    expect(await proposedCard.locator('.owner').textContent()).toBe('Committing party: Republic of Aurelia');
    // Only a principal commits the party.
    expect(await proposedCard.locator('.actions button').count()).toBe(0);
    // The demo's exercise calendar was due on 15 November: the board shows it overdue.
    expect(await commitmentIn(delegate, 'overdue', 'Share the calendar of major naval exercises').count()).toBe(1);
    expect(await commitmentIn(delegate, 'disputed', 'Circulate the agreed incident report template').locator('.dispute').textContent())
      .toContain('closest point of approach');

    const principal = await page('aurelia-principal');
    await principal.goto(`/d/${DIALOGUE}/commitments`);
    await commitmentIn(principal, 'proposed', COMMITMENT).getByRole('button', { name: 'Commit' }).click();
    const committed = commitmentIn(principal, 'committed', COMMITMENT);
    await committed.waitFor();
    await committed.getByRole('button', { name: 'Deliver…' }).click();
    await committed.getByLabel('Evidence (what was done)').fill('Position paper sent by formal note 2026/140');
    await committed.getByLabel('Link to evidence (optional)').fill('https://example.org/position-paper');
    await committed.getByRole('button', { name: 'Claim delivery' }).click();
    const delivered = commitmentIn(principal, 'delivered', COMMITMENT);
    await delivered.waitFor();
    expect(await delivered.locator('.evidence').textContent()).toContain('Position paper sent by formal note 2026/140');
    // Aurelia does not confirm its own delivery.
    expect(await delivered.locator('.actions button').count()).toBe(0);

    await boreas.reload();
    const toConfirm = commitmentIn(boreas, 'delivered', COMMITMENT);
    await toConfirm.waitFor();
    expect(await texts(toConfirm.locator('.actions button'))).toEqual(['Confirm delivery', 'Dispute…']);
    await toConfirm.getByRole('button', { name: 'Confirm delivery' }).click();
    const confirmed = commitmentIn(boreas, 'confirmed', COMMITMENT);
    await confirmed.waitFor();
    // Aurelia's board, open all along, moves the card live.
    await commitmentIn(principal, 'confirmed', COMMITMENT).waitFor();
    expect(await confirmed.textContent()).toContain('Confirmed by Boreas Federation');
    expect(await confirmed.locator('.evidence a').getAttribute('href')).toBe('https://example.org/position-paper');
    await screenshot(boreas, 'commitments');

    // The owner filter keeps one party's commitments.
    await boreas.getByLabel('Committing party').selectOption('boreas');
    const owners = await texts(boreas.locator('.owner'));
    expect(owners.length).toBeGreaterThan(0);
    expect(new Set(owners)).toEqual(new Set(['Committing party: Boreas Federation']));
  });

  it('a delegate exports the commitments as a spreadsheet, edits one cell and imports it whole: only that row changes', async () => {
    const delegate = await page('aurelia-delegate');
    await delegate.goto(`/d/${DIALOGUE}/commitments`);
    const calendar = 'Share the calendar of major naval exercises';
    await commitmentIn(delegate, 'overdue', calendar).waitFor();
    expect(await commitmentIn(delegate, 'overdue', calendar).textContent()).toContain('Progress 40%');
    const [download] = await Promise.all([
      delegate.waitForEvent('download'),
      delegate.getByRole('link', { name: 'Export as a spreadsheet (CSV)' }).click(),
    ]);
    const lines = readFileSync((await download.path())!, 'utf8').split(/\r?\n/);
    const progress = csvCells(lines[0]!).indexOf('progress');
    const row = lines.findIndex((line) => line.includes(calendar));
    expect(progress).toBeGreaterThan(0);
    const cells = csvCells(lines[row]!);
    expect(cells[progress]).toBe('40');
    cells[progress] = '70';
    lines[row] = cells.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',');

    await delegate.getByRole('button', { name: 'Import an edited spreadsheet…' }).click();
    await delegate.getByLabel('CSV file').setInputFiles({ name: 'commitments.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n')) });
    await delegate.getByRole('button', { name: 'Import', exact: true }).click();
    const result = delegate.getByTestId('csv-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/^1 rows applied, \d+ unchanged$/);
    await expect.poll(() => commitmentIn(delegate, 'overdue', calendar).textContent()).toContain('Progress 70%');
  });

  it('switches between the dialogues of the member\'s party, staying on the same page', async () => {
    const delegate = await page('aurelia-delegate');
    await delegate.goto(`/d/${DIALOGUE}/working-groups`);
    await groupCard(delegate, 'Maritime issues').waitFor();
    const switcher = delegate.getByLabel('Dialogue');
    expect(await texts(switcher.locator('option'))).toEqual(['Bilateral channels on Asia-Pacific and maritime issues', 'Arctic cooperation']);
    await switcher.selectOption({ label: 'Arctic cooperation' });
    await groupCard(delegate, 'Search and rescue in the Arctic').waitFor();
    expect(new URL(delegate.url()).pathname).toBe('/d/arctic-channels/working-groups');
    expect(await delegate.getByTestId('working-group').count()).toBe(1);
    await delegate.getByRole('link', { name: 'Commitments' }).click();
    expect(await column(delegate, 'proposed').locator('.empty').textContent()).toBe('None');
    await switcher.selectOption(DIALOGUE);
    await commitmentIn(delegate, 'overdue', 'Share the calendar of major naval exercises').waitFor();
    expect(new URL(delegate.url()).pathname).toBe(`/d/${DIALOGUE}/commitments`);
  });

  it('a step the server refuses is explained with the field and reason it named, and nothing changes', async () => {
    // Its own context: the refused request is logged by the browser as a failed resource.
    const refused = await openAs(browser, server.url, 'boreas-delegate');
    try {
      const p = refused.page;
      await p.getByRole('link', { name: 'Commitments' }).click();
      await p.getByTestId('commitment').first().waitFor();
      const before = await p.getByTestId('commitment').count();
      await p.getByRole('button', { name: 'Propose a commitment…' }).click();
      await p.getByLabel('Working group').selectOption({ label: 'Maritime issues' });
      await p.getByLabel('What (English)').fill('Report on a date already past');
      await p.getByLabel('Due date').fill('2020-01-31');
      await p.getByRole('button', { name: 'Propose', exact: true }).click();
      const alert = p.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('The server refused');
      expect(await alert.locator('li').textContent()).toBe('due: the due date has already passed');
      await p.reload();
      await p.getByTestId('commitment').first().waitFor();
      expect(await p.getByTestId('commitment').count()).toBe(before);
      expect(refused.errors.every((e) => e.includes('400'))).toBe(true);
    } finally {
      await refused.context.close();
    }
  });

  it('an observer is offered nothing to do', async () => {
    const observer = await page('aurelia-observer');
    expect(await observer.getByTestId('roles').textContent()).toBe('Roles: Observer');
    await observer.getByRole('link', { name: 'Working groups' }).click();
    await groupCard(observer, NEW_GROUP).waitFor();
    expect(await observer.getByRole('button', { name: 'Propose a working group…' }).count()).toBe(0);
    expect(await observer.locator('.actions button').count()).toBe(0);
    await observer.getByRole('link', { name: 'Commitments' }).click();
    await commitmentIn(observer, 'confirmed', COMMITMENT).waitFor();
    expect(await observer.locator('.actions button').count()).toBe(0);
  });

  it('the record page shows the latest signed checkpoint, that no fork was detected, and downloads the transcript', async () => {
    const delegate = await page('aurelia-delegate');
    await delegate.getByRole('link', { name: 'Record' }).click();
    await delegate.getByTestId('checkpoint').waitFor();
    const size = Number((await delegate.getByTestId('size').textContent())!.replace(/\D/g, ''));
    expect(size).toBeGreaterThan(50);
    expect(await delegate.getByTestId('root').textContent()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(await delegate.getByTestId('checkpoint').textContent()).toContain(`/${DIALOGUE}`);
    const checkpoint = await (await delegate.request.get(`/api/v1/dialogues/${DIALOGUE}/record/checkpoint`)).text();
    expect(await delegate.getByTestId('signature').textContent(), checkpoint).toBe('Verified in this browser: signed by the log key above');
    expect(await delegate.getByTestId('no-forks').textContent()).toMatch(/^No fork detected/);
    await screenshot(delegate, 'record');
    const [download] = await Promise.all([
      delegate.waitForEvent('download'),
      delegate.getByRole('link', { name: 'Download the transcript' }).click(),
    ]);
    const transcript = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { format: string; events: unknown[] };
    expect(transcript.format).toBe('parley-transcript/1');
    expect(transcript.events.length).toBe(size);
  });

  it('switches to Simplified Chinese at once, with content in both languages side by side', async () => {
    const delegate = await page('aurelia-delegate');
    await delegate.getByRole('link', { name: 'Working groups' }).click();
    await delegate.getByLabel('Language').selectOption('zh-Hans');
    await delegate.getByRole('heading', { level: 1, name: '工作组' }).waitFor();
    expect(await delegate.locator('html').getAttribute('lang')).toBe('zh-Hans');
    expect(await texts(delegate.getByRole('navigation', { name: '页面' }).getByRole('link'))).toEqual(['底线', '工作组', '会议', '承诺', '消息', '热线', '通报', '事件', '时间线', '记录']);
    expect(await delegate.getByTestId('roles').textContent()).toBe('角色：代表');
    expect(await delegate.getByTestId('party').textContent()).toBe('当事方：奥瑞利亚共和国');
    const broader = groupCard(delegate, '双边关系的更广泛领域');
    await broader.waitFor();
    expect(await broader.locator('.badge').textContent()).toBe('已提议');
    expect(await broader.textContent()).toContain('Broader areas of the relationship');
    expect(await groupCard(delegate, NEW_GROUP).locator('.goals li').nth(1).locator('.missing').textContent()).toBe('缺少译文');
    await screenshot(delegate, 'working-groups-zh');
    // The choice survives a reload.
    await delegate.reload();
    await delegate.getByRole('heading', { level: 1, name: '工作组' }).waitFor();
  });

  it('every page passes the WCAG 2.1 AA checks of axe-core, in both languages, and fits a small laptop screen', async () => {
    const principal = await page('boreas-principal');
    await principal.setViewportSize({ width: 1024, height: 768 });
    for (const [path, ready] of [['working-groups', 'working-group'], ['commitments', 'commitment'], ['record', 'checkpoint']] as const) {
      await principal.goto(`/d/${DIALOGUE}/${path}`);
      await principal.getByTestId(ready).first().waitFor();
      // With a form open too: its fields must be labelled.
      if (path === 'working-groups') await principal.getByRole('button', { name: 'Propose a working group…' }).click();
      expect(await accessibilityViolations(principal), path).toEqual([]);
      expect(await overflowsHorizontally(principal), path).toBe(false);
    }
    const chinese = await page('aurelia-delegate');
    await chinese.goto(`/d/${DIALOGUE}/commitments`);
    await chinese.getByTestId('commitment').first().waitFor();
    expect(await accessibilityViolations(chinese)).toEqual([]);
  });

  it('no page logged a console error', () => {
    for (const { errors } of members.opened) expect(errors).toEqual([]);
  });
});

/** The cells of one CSV line (RFC 4180 quoting; no line breaks inside cells here). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) { cells.push(cell); cell = ''; } else cell += c;
  }
  cells.push(cell);
  return cells;
}
