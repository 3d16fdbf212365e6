// Notifications of intentions in headless Chromium against a real `parley demo` server: the
// demo's notices on time and late; the form offers each type's own fields and warns, before
// anything is sent, when the activity starts sooner than the agreed lead time; a notice
// given through the form is on the record (late, as warned) and is acknowledged live by the
// other party, while an observer is offered nothing.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs } from './api-client.js';
import { accessibilityViolations, demoForThisFile, overflowsHorizontally, screenshot, texts } from './browser.js';

const DIALOGUE = 'pacific-channels';
const EXERCISE = 'Search and rescue drill WHITE GULL';

const demo = demoForThisFile();

async function noticesOf(member: string): Promise<Page> {
  const p = await demo.members.page(member);
  if (!p.url().endsWith('/notices')) {
    await p.getByRole('link', { name: 'Notices' }).click();
    await p.getByTestId('notice').first().waitFor();
  }
  return p;
}
const notice = (p: Page, text: string) => p.getByTestId('notice').filter({ hasText: text });
/** A `datetime-local` value (UTC, as the form reads it) `hours` from now. */
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString().slice(0, 16);

describe('notices', () => {
  it('lists the demo\'s notices with their type\'s fields, standing and acknowledgements, by party name', async () => {
    const p = await noticesOf('aurelia-delegate');
    expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe('Notifications of intentions');
    expect(await p.getByTestId('notice').count()).toBe(2);
    const launch = notice(p, 'Missile launch');
    expect(await launch.getAttribute('data-standing')).toBe('late');
    expect(await texts(launch.locator('.badge'))).toEqual(['Late', 'Acknowledged']);
    expect(await launch.locator('.meta').first().textContent()).toMatch(/^Missile launch · Given by Boreas Federation on Oct 20, 2026/);
    expect(await launch.getByTestId('lead').textContent()).toMatch(/^24 h: on time until Oct 19, 2026/);
    expect(await launch.textContent()).toContain('within 5 km of 38° N 101° E');
    expect(await launch.textContent()).toContain('within 100 km of 18° N 132° E');
    expect(await launch.textContent()).toContain('Medium-range ballistic missile (test)');
    expect(await launch.getByTestId('acknowledgements').textContent()).toBe('acknowledged by Republic of Aurelia');
    const maritime = notice(p, 'Maritime activity');
    expect(await texts(maritime.locator('.badge'))).toEqual(['On time', 'Acknowledged']);
    expect(await maritime.textContent()).toContain('Ships: 6 · Units: Aurelia Surface Group 2');
    expect(await maritime.textContent()).toContain('Live gunnery; mariners keep 10 nautical miles clear.');
    // Aurelia gave it: it may amend or cancel it, and does not acknowledge its own notice.
    expect(await texts(maritime.locator('.actions > button'))).toEqual(['Amend…', 'Cancel the notice…']);
    expect(await launch.locator('.actions').count()).toBe(0);
    await screenshot(p, 'notices');
  });

  it('the form offers each type\'s own fields and warns when the activity starts sooner than the agreed lead time', async () => {
    const p = await noticesOf('aurelia-delegate');
    await p.getByRole('button', { name: 'Give notice…' }).click();
    const form = p.locator('form.panel');
    const fieldsets = () => texts(form.locator('legend'));
    // Military exercise: one area, personnel; required from 9,000 personnel (the demo's terms).
    expect(await fieldsets()).toEqual(['Area']);
    expect(await form.getByLabel('Personnel').count()).toBe(1);
    expect(await form.getByLabel('Vehicle type').count()).toBe(0);
    await form.getByLabel('Activity starts (UTC)').fill(inHours(48));
    await form.getByLabel('Personnel').fill('500');
    expect(await p.getByTestId('lead-warning').getAttribute('data-state')).toBe('voluntary');
    expect(await p.getByTestId('lead-warning').textContent()).toContain('Notice is required from 9,000 Personnel');
    await form.getByLabel('Personnel').fill('12000');
    expect(await p.getByTestId('lead-warning').getAttribute('data-state')).toBe('late');
    // Missile launch: launch and impact areas, vehicle type, no counts.
    await form.locator('select[name="noticeType"]').selectOption('missile_launch');
    expect(await fieldsets()).toEqual(['Launch area', 'Impact area']);
    expect(await form.getByLabel('Vehicle type').count()).toBe(1);
    expect(await form.getByLabel('Personnel').count()).toBe(0);
    // Maritime activity: ships and a hazard; 3 days' lead time.
    await form.locator('select[name="noticeType"]').selectOption('maritime_activity');
    expect(await fieldsets()).toEqual(['Area']);
    expect(await form.getByLabel('Ships').count()).toBe(1);
    expect(await form.getByLabel('Hazard to shipping or aviation (English)').count()).toBe(1);
    await form.getByLabel('Activity starts (UTC)').fill(inHours(24 * 5));
    expect(await p.getByTestId('lead-warning').getAttribute('data-state')).toBe('on_time');
    expect(await p.getByTestId('lead-warning').textContent()).toContain('Agreed lead time for this type: 3 d.');
    await form.getByLabel('Activity starts (UTC)').fill(inHours(30));
    const warning = p.getByTestId('lead-warning');
    expect(await warning.getAttribute('data-state')).toBe('late');
    expect(await warning.getAttribute('role')).toBe('alert');
    expect(await warning.textContent()).toMatch(/^Late: the activity starts (29|30) h from now, but the agreed lead time for this type is 3 d\. The notice will be recorded as late\.$/);
    await screenshot(p, 'notices-form-late');
  });

  it('refuses an activity that ends before it starts, naming the field, then gives the notice — late, as warned', async () => {
    const p = await noticesOf('aurelia-delegate');
    const form = p.locator('form.panel');
    await form.getByLabel('Activity ends (UTC)').fill(inHours(20));
    await form.getByLabel('Description (English)').fill(EXERCISE);
    await form.getByLabel('Centre latitude (°, north positive)').fill('21.2');
    await form.getByLabel('Centre longitude (°, east positive)').fill('119.5');
    await form.getByLabel('Radius (km)').fill('20');
    await form.getByLabel('Ships').fill('4');
    await form.getByLabel('Hazard to shipping or aviation (English)').fill('Helicopters hovering low over the water.');
    const errors = demo.members.opened.find((m) => m.page === p)!.errors;
    const before = errors.length;
    await form.getByRole('button', { name: 'Give notice', exact: true }).click();
    const refusal = p.getByRole('alert').filter({ hasText: 'The server refused' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('window.end');
    expect(await p.getByTestId('notice').count()).toBe(2);
    // The refused request is the browser's only complaint (it logs every failed request).
    expect(errors.splice(before)).toEqual([expect.stringContaining('400')]);

    await form.getByLabel('Activity ends (UTC)').fill(inHours(40));
    await form.getByRole('button', { name: 'Give notice', exact: true }).click();
    await p.getByRole('status').filter({ hasText: 'notice given' }).waitFor();
    const given = notice(p, EXERCISE);
    await given.waitFor();
    expect(await texts(given.locator('.badge'))).toEqual(['Late', 'Awaiting acknowledgement']);
    expect(await given.getByTestId('acknowledgements').textContent()).toBe('awaiting Boreas Federation');
    expect(await given.textContent()).toContain('within 20 km of 21.2° N 119.5° E');
    // On the record as sent: late, with the position in 1e-7 degree and the radius in metres.
    const boreas = await apiAs(demo.server.url, 'boreas-duty');
    const { items } = await boreas.get<{ items: { state: { isLate: boolean; content: { description: { en: string }; area: unknown; forces: unknown } } }[] }>(`/dialogues/${DIALOGUE}/notices`);
    const recorded = items.find((n) => n.state.content.description.en === EXERCISE)!;
    expect(recorded.state.isLate).toBe(true);
    expect(recorded.state.content.area).toEqual({ shape: 'circle', centre: { lat: 212_000_000, lon: 1_195_000_000 }, radius: 20_000 });
    expect(recorded.state.content.forces).toEqual({ ships: 4 });
  });

  it('the other party\'s duty officer acknowledges it and the notifying party sees that live; an observer is offered nothing', async () => {
    const observer = await noticesOf('boreas-observer');
    expect(await observer.getByRole('button', { name: 'Give notice…' }).count()).toBe(0);
    await notice(observer, EXERCISE).waitFor();
    expect(await observer.locator('.actions button').count()).toBe(0);

    const duty = await noticesOf('boreas-duty');
    expect(await duty.getByRole('button', { name: 'Give notice…' }).count()).toBe(0);
    const given = notice(duty, EXERCISE);
    expect(await texts(given.locator('.actions button'))).toEqual(['Acknowledge']);
    await given.getByRole('button', { name: 'Acknowledge' }).click();
    await given.locator('.badge', { hasText: 'Acknowledged' }).waitFor();
    expect(await given.locator('.actions').count()).toBe(0);

    const aurelia = await noticesOf('aurelia-delegate');
    await notice(aurelia, EXERCISE).getByTestId('acknowledgements').filter({ hasText: 'acknowledged by Boreas Federation' }).waitFor();
  });

  it('the notifying party amends the notice, moving the start later: the new version is on time and awaits acknowledgement afresh', async () => {
    const p = await noticesOf('aurelia-delegate');
    const given = notice(p, EXERCISE);
    await given.getByRole('button', { name: 'Amend…' }).click();
    const form = given.locator('form.panel');
    // Prefilled from the current version; the type is fixed.
    expect(await form.locator('select[name="noticeType"]').isDisabled()).toBe(true);
    expect(await form.getByLabel('Centre latitude (°, north positive)').inputValue()).toBe('21.2');
    expect(await form.getByLabel('Ships').inputValue()).toBe('4');
    await form.getByLabel('Activity starts (UTC)').fill(inHours(24 * 5));
    await form.getByLabel('Activity ends (UTC)').fill(inHours(24 * 6));
    expect(await form.getByTestId('lead-warning').getAttribute('data-state')).toBe('on_time');
    expect(await accessibilityViolations(p)).toEqual([]);
    await form.getByRole('button', { name: 'Amend the notice' }).click();
    await p.getByRole('status').filter({ hasText: 'notice amended' }).waitFor();
    await given.locator('.badge', { hasText: 'Awaiting acknowledgement' }).waitFor();
    expect(await texts(given.locator('.badge'))).toEqual(['On time', 'Awaiting acknowledgement']);
    expect(await given.textContent()).toContain('Amended 1 time(s)');
    expect(await given.getByTestId('acknowledgements').textContent()).toBe('awaiting Boreas Federation');
  });

  it('passes the WCAG 2.1 AA checks with the form open, in both languages, and fits a small laptop screen', async () => {
    const p = await noticesOf('aurelia-delegate');
    expect(await accessibilityViolations(p)).toEqual([]);
    await p.setViewportSize({ width: 1024, height: 768 });
    expect(await overflowsHorizontally(p)).toBe(false);
    await p.setViewportSize({ width: 1366, height: 900 });
    await p.getByRole('button', { name: 'Give notice…' }).click();
    await p.locator('select[name="noticeType"]').selectOption('missile_launch');
    await p.getByLabel('Activity starts (UTC)').fill(inHours(3));
    expect(await accessibilityViolations(p)).toEqual([]);
    await p.getByLabel('Language').selectOption('zh-Hans');
    await p.getByRole('heading', { level: 1, name: '意图通报' }).waitFor();
    expect(await texts(notice(p, '导弹发射').locator('.badge'))).toEqual(['逾期', '已确认']);
    expect(await p.getByTestId('lead-warning').textContent()).toMatch(/^逾期：/);
    expect(await accessibilityViolations(p)).toEqual([]);
    await screenshot(p, 'notices-zh');
    await p.getByLabel('语言').selectOption('en');
  });

  it('logged no console error', () => {
    for (const { errors } of demo.members.opened) expect(errors).toEqual([]);
  });
});
