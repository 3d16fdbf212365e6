// The incident map and accounts in headless Chromium against a real `parley demo` server: the
// map is drawn from the bundled world atlas (its own chunk, loaded only when the page opens;
// no request leaves the app's origin), each party's account is a marker and a column side by
// side with the differing facts marked; a new report appears live; a party's private notes on
// an incident are shown to that party only.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs } from './api-client.js';
import { accessibilityViolations, demoForThisFile, overflowsHorizontally, screenshot, texts } from './browser.js';

const DIALOGUE = 'pacific-channels';
const NOTE = 'The cutter\'s own log puts the closest approach at 280 metres.';
const requests = new Map<string, string[]>();

const demo = demoForThisFile();

async function incidentsOf(member: string): Promise<Page> {
  const p = await demo.members.page(member);
  if (!requests.has(member)) {
    const seen: string[] = [];
    requests.set(member, seen);
    p.on('request', (r) => seen.push(r.url()));
  }
  if (!p.url().endsWith('/incidents')) {
    await p.getByRole('link', { name: 'Incidents' }).click();
    await p.getByTestId('incident').first().waitFor();
    await p.getByTestId('map-marker').first().waitFor();
  }
  return p;
}
const row = (p: Page, fact: string) => p.getByTestId('incident').first().locator(`tr[data-fact="${fact}"]`);

describe('incidents', () => {
  it('draws the map offline from its own chunk, one marker per party\'s account', async () => {
    const p = await incidentsOf('aurelia-duty');
    const seen = requests.get('aurelia-duty')!;
    // The map's code and the world's countries came with the page, from the app's own origin.
    expect(seen.some((url) => /\/assets\/IncidentMap-[\w-]+\.js$/.test(url))).toBe(true);
    expect(seen.filter((url) => !url.startsWith(demo.server.url))).toEqual([]);
    const map = p.getByTestId('incident-map');
    expect(await map.locator('path.country').count()).toBeGreaterThan(150);
    expect(await map.getAttribute('data-zoom')).toBe('incidents');
    const markers = map.getByTestId('map-marker');
    expect(await markers.evaluateAll((ms) => ms.map((m) => m.getAttribute('data-party')))).toEqual(['aurelia', 'boreas']);
    expect(await markers.first().getAttribute('aria-label')).toBe('Republic of Aurelia\'s account at 15.312° N 117.556° E');
    expect(await texts(map.getByRole('list', { name: 'Parties' }).getByRole('listitem'))).toEqual(['Republic of Aurelia', 'Boreas Federation']);
    await screenshot(p, 'incidents');
  });

  it('shows each party\'s account side by side, the differing facts marked, and goes to an incident from its marker by keyboard', async () => {
    const p = await incidentsOf('aurelia-duty');
    const incident = p.getByTestId('incident').first();
    expect(await incident.getByRole('heading').textContent()).toBe('At sea incident of Oct 25, 2026, 6:40 AM');
    expect(await incident.locator('.badge').textContent()).toBe('Every party\'s account');
    expect(await incident.getByTestId('differences').textContent()).toBe('The accounts differ on: Time (UTC), Position, Closest approach');
    expect(await texts(incident.locator('thead th'))).toEqual(['Account of Republic of Aurelia', 'Account of Boreas Federation']);
    expect(await texts(row(p, 'cpaMetres').locator('td'))).toEqual(['40 m', '300 m']);
    expect(await row(p, 'cpaMetres').getAttribute('data-differs')).toBe('true');
    expect(await row(p, 'cpaMetres').locator('th').textContent()).toBe('Closest approach · differs');
    expect(await row(p, 'domain').getAttribute('data-differs')).toBe('false');
    expect(await texts(row(p, 'domain').locator('td'))).toEqual(['At sea', 'At sea']);
    expect(await row(p, 'narrative').locator('td').nth(1).textContent()).toContain('The cutter kept a safe distance of 300 metres');

    await p.getByTestId('map-marker').nth(1).focus();
    await p.keyboard.press('Enter');
    expect(await incident.getAttribute('class')).toContain('selected');
    expect(await p.evaluate('document.activeElement.dataset.testid')).toBe('incident');
    await p.getByLabel('the whole world').check();
    expect(await p.getByTestId('incident-map').getAttribute('data-zoom')).toBe('world');
    await p.getByLabel('the incidents').check();
  });

  it('shows a new report live, on the map and in the list, awaiting the other party\'s account', async () => {
    const p = await incidentsOf('boreas-duty');
    const aurelia = await apiAs(demo.server.url, 'aurelia-duty');
    await aurelia.post(`/dialogues/${DIALOGUE}/incidents`, {
      time: new Date(Date.now() - 3_600_000).toISOString(), position: { lat: 240_000_000, lon: 1_210_000_000 }, domain: 'air',
      units: [{ party: 'aurelia', name: 'Patrol aircraft 7 (fictional)' }], cpaMetres: 150,
      narrative: { en: 'A fighter passed within 150 metres of the patrol aircraft.' },
    });
    await p.getByTestId('incident').filter({ hasText: 'In the air incident' }).waitFor();
    const fresh = p.getByTestId('incident').filter({ hasText: 'In the air incident' });
    expect(await fresh.locator('.badge').textContent()).toBe('Awaiting accounts');
    expect(await fresh.locator('.awaiting').textContent()).toBe('Awaiting the account of Boreas Federation');
    expect(await fresh.getByTestId('differences').count()).toBe(0);
    expect(await fresh.locator('tr[data-fact="cpaMetres"] td').allTextContents()).toEqual(['150 m', 'no account yet']);
    await p.getByTestId('map-incident').nth(1).waitFor();
    expect(await p.getByTestId('map-marker').count()).toBe(3);
  });

  it('the other party adds its own account through the form; the accounts then sit side by side for both, the differences marked', async () => {
    const p = await incidentsOf('boreas-duty');
    const fresh = p.getByTestId('incident').filter({ hasText: 'In the air incident' });
    await fresh.getByRole('button', { name: 'Add your party\'s account…' }).click();
    const form = fresh.locator('form.panel');
    await form.getByLabel('When it happened (UTC)').fill(new Date(Date.now() - 3_600_000).toISOString().slice(0, 16));
    await form.getByLabel('Domain').selectOption('air');
    await form.getByLabel('Closest approach (metres)').fill('900');
    await form.getByLabel('Latitude (°, north positive)').fill('24.05');
    await form.getByLabel('Longitude (°, east positive)').fill('121');
    await form.getByLabel('Units of Boreas Federation, one per line: name, type (optional)').fill('Fighter pair 21 (fictional), fighter');
    await form.getByLabel('Account (English)').fill('The fighters kept 900 metres from the patrol aircraft at all times.');
    await form.getByRole('button', { name: 'Add the account' }).click();
    await p.getByRole('status').filter({ hasText: 'account added' }).waitFor();
    await fresh.locator('.badge', { hasText: 'Every party\'s account' }).waitFor();
    expect(await fresh.locator('tr[data-fact="cpaMetres"] td').allTextContents()).toEqual(['150 m', '900 m']);
    expect(await fresh.locator('tr[data-fact="units"] td').nth(1).textContent()).toBe('Fighter pair 21 (fictional), fighter (Boreas Federation)');
    expect(await fresh.getByTestId('differences').textContent()).toContain('Closest approach');
    // Its own account now filed, Boreas may revise it (prefilled), not add another.
    expect(await texts(fresh.locator('.actions button'))).toEqual(['Revise your party\'s account…']);

    const aurelia = await incidentsOf('aurelia-duty');
    const seen = aurelia.getByTestId('incident').filter({ hasText: 'In the air incident' });
    await seen.locator('tr[data-fact="cpaMetres"] td').nth(1).filter({ hasText: '900 m' }).waitFor();
    await aurelia.getByTestId('map-incident').nth(1).locator('polyline').waitFor();
  });

  it('a duty officer reports an incident through the form; an observer is offered nothing', async () => {
    const p = await incidentsOf('aurelia-duty');
    await p.getByRole('button', { name: 'Report an incident…' }).click();
    const form = p.locator('form.panel').filter({ hasText: 'Report an incident with your party\'s account' });
    await form.getByLabel('When it happened (UTC)').fill(new Date(Date.now() - 7_200_000).toISOString().slice(0, 16));
    await form.getByLabel('Closest approach (metres)').fill('75');
    await form.getByLabel('Latitude (°, north positive)').fill('-8.5');
    await form.getByLabel('Longitude (°, east positive)').fill('125.25');
    await form.getByLabel('Units of Republic of Aurelia, one per line: name, type (optional)').fill('Patrol boat 12 (fictional), patrol boat');
    await form.getByLabel('Account (English)').fill('A survey ship crossed ahead of the patrol boat at 75 metres.');
    await form.getByRole('button', { name: 'Report', exact: true }).click();
    await p.getByRole('status').filter({ hasText: 'incident reported' }).waitFor();
    const reported = p.getByTestId('incident').filter({ hasText: 'survey ship crossed' });
    await reported.waitFor();
    expect(await reported.locator('tr[data-fact="position"] td').first().textContent()).toBe('8.5° S 125.25° E');
    expect(await p.getByTestId('map-marker').count()).toBe(5);

    const observer = await incidentsOf('boreas-observer');
    await observer.getByTestId('incident').filter({ hasText: 'survey ship crossed' }).waitFor();
    expect(await observer.getByRole('button').filter({ hasText: /Report|account/ }).count()).toBe(0);
  });

  it('shows a party\'s private notes on an incident to that party only', async () => {
    const boreas = await apiAs(demo.server.url, 'boreas-duty');
    const { items } = await boreas.get<{ items: { id: string; state: { reportedBy: string } }[] }>(`/dialogues/${DIALOGUE}/incidents`);
    const shoals = items.find((i) => i.state.reportedBy === 'aurelia' && i.id)!;
    await boreas.post(`/dialogues/${DIALOGUE}/private-notes`, { subject: shoals.id, text: { en: NOTE } });

    const own = await incidentsOf('boreas-duty');
    await own.reload();
    const notes = own.locator(`[data-incident="${shoals.id}"]`).getByTestId('incident-notes');
    await notes.waitFor();
    expect(await notes.locator('.private-marker').textContent()).toBe('Private: visible to Boreas Federation only');
    expect(await notes.textContent()).toContain(NOTE);

    const other = await incidentsOf('aurelia-duty');
    await other.reload();
    await other.getByTestId('incident').first().waitFor();
    expect(await other.getByTestId('incident-notes').count()).toBe(0);
    expect(await other.getByTestId('incidents-page').textContent()).not.toContain('280 metres');
  });

  it('passes the WCAG 2.1 AA checks in both languages and fits a small laptop screen', async () => {
    const p = await incidentsOf('boreas-duty');
    await p.getByTestId('map-marker').first().waitFor();
    // With the report form open: its fields must be labelled.
    await p.getByRole('button', { name: 'Report an incident…' }).click();
    expect(await accessibilityViolations(p)).toEqual([]);
    await p.setViewportSize({ width: 1024, height: 768 });
    expect(await overflowsHorizontally(p)).toBe(false);
    await p.setViewportSize({ width: 1366, height: 900 });
    await p.getByLabel('Language').selectOption('zh-Hans');
    await p.getByRole('heading', { level: 1, name: '事件' }).waitFor();
    expect(await texts(p.getByTestId('incident').last().locator('thead th'))).toEqual(['奥瑞利亚共和国的陈述', '北风联邦的陈述']);
    expect(await accessibilityViolations(p)).toEqual([]);
    await screenshot(p, 'incidents-zh');
    await p.getByLabel('语言').selectOption('en');
  });

  it('logged no console error', () => {
    for (const { errors } of demo.members.opened) expect(errors).toEqual([]);
  });
});
