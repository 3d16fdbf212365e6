// The floor dashboard in headless Chromium against a real `parley demo` server: the landing
// page of a dialogue shows what the demo's record says — two active groups and one proposed,
// both active groups silent past 60 days (floor breached), the late launch notice, the flash
// call acknowledged late as a past alert, outcomes per meeting — as charts with text
// alternatives and data tables, in English and Simplified Chinese, with no console error.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, ensureWebBuilt, launchBrowser, openAs, overflowsHorizontally, screenshot, startDemoServer, type DemoServer, type MemberPage } from './browser.js';

const DIALOGUE = 'pacific-channels';
let server: DemoServer;
let browser: Browser;
let session: MemberPage;

beforeAll(async () => {
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  session = await openAs(browser, server.url, 'boreas-observer');
  session.context.setDefaultTimeout(10_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const rule = (p: Page, id: string) => p.locator(`[data-testid="rule"][data-rule="${id}"]`);
/** Every chart drawn by ECharts (an SVG inside its labelled image). */
async function chartsDrawn(p: Page): Promise<void> {
  for (const chart of await p.locator('.chart-canvas').all()) await chart.locator('svg').waitFor();
}

describe('the floor dashboard', () => {
  it('is the landing page of the dialogue and shows the demo\'s channels, rules and alerts', async () => {
    const p = session.page;
    expect(new URL(p.url()).pathname).toBe(`/d/${DIALOGUE}/floor`);
    await p.getByRole('heading', { level: 1, name: 'Floor' }).waitFor();
    expect(await p.getByTestId('groups-active').textContent()).toBe('2');
    expect(await p.getByTestId('groups-proposed').textContent()).toBe('1');
    expect(await p.getByTestId('groups-suspended').textContent()).toBe('0');

    // Both active groups have been silent for more than 60 days: the floor is breached, naming each.
    const silent = rule(p, 'silent_group');
    expect(await silent.getAttribute('data-status')).toBe('breached');
    expect(await silent.locator('.badge').textContent()).toBe('Breached');
    const silentAlerts = await silent.getByTestId('alert').allTextContents();
    expect(silentAlerts).toHaveLength(2);
    expect(silentAlerts.join('\n')).toContain('Maritime issues: silent for');
    expect(silentAlerts.join('\n')).toContain('Asia-Pacific regional issues: silent for');
    // The flash call was acknowledged after 14 minutes: a past breach, the rule is met now.
    const flash = rule(p, 'flash_unanswered');
    expect(await flash.getAttribute('data-status')).toBe('met');
    expect(await flash.getByTestId('alert').getAttribute('data-active')).toBe('false');
    expect(await flash.getByTestId('alert').textContent()).toContain('Flash call unanswered for 14 minutes');
    expect(await rule(p, 'protected_suspended').getAttribute('data-status')).toBe('met');
    expect(await p.getByTestId('floor-summary').textContent()).toMatch(/^Floor breached: [12] rule\(s\) not met\.$/);
  });

  it('counts outcomes per meeting, commitments, the hotline per party, the late launch notice and the incident', async () => {
    const p = session.page;
    expect(await p.getByTestId('goals-achieved').textContent()).toBe('33.3%');
    expect(await p.getByTestId('meetings-held').textContent()).toBe('1');
    expect(await p.getByTestId('confirmed-disputed').textContent()).toBe('1 / 1');
    expect(await p.getByTestId('overdue').textContent()).toBe('1');
    // Data tables are built when first opened.
    expect(await p.getByTestId('meeting-row').count()).toBe(0);
    await p.getByTestId('chart-meetings').getByText('Data table').click();
    await p.getByTestId('chart-notices').getByText('Data table').click();
    await p.getByTestId('meeting-row').first().waitFor();
    await p.getByTestId('notice-row').first().waitFor();
    const meeting = p.getByTestId('meeting-row');
    expect(await meeting.count()).toBe(1);
    // Achieved, partly, not achieved, deferred, parties differ, not recorded; commitments.
    expect(await meeting.locator('td').allTextContents()).toEqual(['1', '1', '0', '0', '1', '0', '2']);
    expect(await p.getByTestId('ack-boreas').textContent()).toBe('14 / 14 min');
    expect(await p.getByTestId('ack-aurelia').textContent()).toBe('35 / 35 min');
    expect(await p.getByTestId('unanswered').textContent()).toBe('1');
    expect(await p.getByTestId('notices-late').textContent()).toBe('1');
    expect(await p.getByTestId('notices-on-time').textContent()).toBe('1');
    expect(await p.getByTestId('notice-row').allTextContents()).toEqual(['Republic of Aurelia · Maritime activity100', 'Boreas Federation · Missile launch010']);
    expect(await p.getByTestId('timeline-entry').filter({ hasText: 'Suspended' }).textContent()).toContain('airborne object incident');
    expect(await p.locator('[data-testid="timeline-entry"][data-type="incident"]').count()).toBe(1);
  });

  it('draws each indicator as a chart with a summary in words and its data table', async () => {
    const p = session.page;
    await chartsDrawn(p);
    const charts = p.locator('.chart-canvas');
    expect(await charts.count()).toBe(7);
    expect(await p.getByTestId('chart-contact').locator('[role="img"]').getAttribute('aria-label'))
      .toMatch(/^Bar chart of days since the last contact per working group: Maritime issues \d+ days; Asia-Pacific regional issues \d+ days\.$/);
    expect(await p.getByTestId('chart-notices').locator('[role="img"]').getAttribute('aria-label')).toContain('Boreas Federation · Missile launch: 0 on time, 1 late');
    expect(await p.getByTestId('group-row').count()).toBe(0);
    await p.getByTestId('chart-contact').getByText('Data table').click();
    await p.getByTestId('group-row').first().waitFor();
    expect(await p.getByTestId('group-row').first().isVisible()).toBe(true);
    await screenshot(p, 'floor');
    expect(await accessibilityViolations(p)).toEqual([]);
    await p.setViewportSize({ width: 1024, height: 768 });
    // The charts redraw at the new width on their ResizeObserver's next callback.
    // (A function, not a string: the app's CSP forbids eval.)
    await p.waitForFunction(() => {
      const { documentElement } = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document;
      return documentElement.scrollWidth <= documentElement.clientWidth;
    }, undefined, { timeout: 5_000 }).catch(() => undefined);
    expect(await overflowsHorizontally(p)).toBe(false);
    await p.setViewportSize({ width: 1366, height: 900 });
  });

  it('switches to Simplified Chinese, charts included', async () => {
    const p = session.page;
    await p.getByLabel('Language').selectOption('zh-Hans');
    await p.getByRole('heading', { level: 1, name: '底线' }).waitFor();
    expect(await rule(p, 'silent_group').locator('.badge').textContent()).toBe('已突破');
    expect(await p.getByTestId('chart-incidents').locator('[role="img"]').getAttribute('aria-label')).toBe('按领域分列的每月事件堆叠条形图：2026-10 海上 1。');
    await chartsDrawn(p);
    await screenshot(p, 'floor-zh');
    expect(await accessibilityViolations(p)).toEqual([]);
    await p.getByLabel('语言').selectOption('en');
  });

  it('logged no console error', () => {
    expect(session.errors).toEqual([]);
  });
});
