// The party's audit log in headless Chromium against a real `parley demo` server: an admin
// saves the escalation ladder on the hotline console and changes a member's roles and adds a
// webhook through the API; the audit log page lists each change with who made it and what
// changed (and the members' logins), filters by kind of change, and is offered to admins
// only — the other party's admin sees none of it.
import { describe, expect, it } from 'vitest';
import { apiAs } from './api-client.js';
import { accessibilityViolations, demoForThisFile, overflowsHorizontally, screenshot, texts } from './browser.js';

const demo = demoForThisFile();

const openAudit = async (member: string) => {
  const page = await demo.members.page(member);
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('heading', { level: 1, name: "Your party's audit log" }).waitFor();
  return page;
};

describe('the audit log', () => {
  it("lists an admin's changes — made on the console and through the API — newest first, with what changed, and filters them", async () => {
    const admin = await openAudit('aurelia-admin');
    const log = admin.getByTestId('audit');
    expect(await log.locator('.private-marker').textContent()).toBe('Private: visible to Republic of Aurelia only');
    // Nothing changed yet; the admin's own login is on the log, in words.
    const login = admin.getByTestId('audit-entry').first();
    await login.waitFor();
    expect(await login.getAttribute('data-action')).toBe('member.logged_in');
    expect((await texts(login.locator('td'))).slice(1, 4)).toEqual(['aurelia-admin', 'Logged in', 'aurelia-admin']);
    expect(await login.locator('li').allTextContents()).toEqual(['From address: 127.0.0.1', 'Browser: new to this member']);

    // Back to the dialogue (the name of the app leads home), to its hotline console.
    await admin.getByRole('link', { name: 'Parley', exact: true }).click();
    await admin.getByRole('link', { name: 'Hotline' }).click();
    const ladder = admin.getByTestId('ladder');
    await ladder.getByLabel('Time to acknowledge at this rung (minutes)').fill('45');
    await ladder.getByRole('button', { name: 'Save the ladder' }).click();
    await admin.getByRole('status').filter({ hasText: 'escalation ladder saved' }).waitFor();
    const api = await apiAs(demo.server.url, 'aurelia-admin');
    await api.patch('/members/aurelia-observer', { roles: ['observer', 'notetaker'] });
    await api.post('/webhooks', { url: 'https://pager.example.org/parley', types: ['hotline.'] });

    await openAudit('aurelia-admin');
    const rows = admin.getByTestId('audit-entry');
    await rows.nth(2).waitFor();
    const changes = (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')))).filter((a) => !a?.startsWith('member.log'));
    expect(changes).toEqual(['webhook.created', 'member.changed', 'escalation_ladder.changed']);
    const roles = rows.filter({ hasText: 'Member changed' });
    expect(await texts(roles.locator('td'))).toEqual([
      expect.stringMatching(/\d/) as unknown as string, 'aurelia-admin', 'Member changed', 'aurelia-observer', 'Roles: observer → observer, notetaker',
    ]);
    expect(await rows.filter({ hasText: 'Webhook added' }).locator('li').allTextContents()).toEqual(['URL: https://pager.example.org/parley', 'Event types: hotline.', 'Enabled: true']);
    expect(await rows.filter({ hasText: 'Escalation ladder changed' }).locator('li').allTextContents()).toEqual(['Rungs: — → principals (Principal) within 45 min']);
    expect(await accessibilityViolations(admin)).toEqual([]);
    expect(await overflowsHorizontally(admin)).toBe(false);
    await screenshot(admin, 'audit-log');

    await admin.getByLabel('Change').selectOption({ label: 'Member changed' });
    await admin.getByRole('button', { name: 'Filter', exact: true }).click();
    await rows.first().and(admin.locator('[data-action="member.changed"]')).waitFor();
    expect(await rows.count()).toBe(1);
  });

  it("is offered to admins only, and the other party's admin sees only their own party's entries", async () => {
    const principal = await demo.members.page('aurelia-principal');
    expect(await principal.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await principal.goto('/admin/audit');
    await principal.getByText('There is no such page.').waitFor();

    const other = await openAudit('boreas-admin');
    expect(await other.getByTestId('audit').locator('.private-marker').textContent()).toBe('Private: visible to Boreas Federation only');
    // Their own admin's login only: none of Aurelia's entries.
    const entries = other.getByTestId('audit-entry');
    await entries.first().waitFor();
    expect(await entries.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')))).toEqual(['member.logged_in']);
    expect(await other.getByTestId('audit').textContent()).not.toContain('aurelia');
  });
});
