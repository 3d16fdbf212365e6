// The hotline console in headless Chromium against a real `parley demo` server: the demo's
// calls with their escalation state and link tests; a call placed by Aurelia's duty officer
// through the API appears live — alert, beep, countdown — in the console of Boreas's duty
// officer, who acknowledges it with one click while an observer (who may not) is offered no
// button; each party sees its own private escalation steps and never the other's.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs } from './api-client.js';
import { accessibilityViolations, demoForThisFile, overflowsHorizontally, screenshot, texts } from './browser.js';

const DIALOGUE = 'pacific-channels';
const SUBJECT = 'Unidentified submarine near the Eastern Shoals';
const FLASH = 'Aircraft approaching the identification zone';

const demo = demoForThisFile();

/** The member's hotline console, opened once and kept (live updates must arrive without a reload). */
async function console_(member: string): Promise<Page> {
  const p = await demo.members.page(member);
  if (!p.url().endsWith('/hotline')) {
    await p.getByRole('link', { name: 'Hotline' }).click();
    await p.getByTestId('call').first().waitFor();
  }
  return p;
}
const call = (p: Page, subject: string) => p.getByTestId('call').filter({ hasText: subject });

describe('the hotline console', () => {
  it('shows the demo\'s calls by party name, their escalation and the link tests', async () => {
    const p = await console_('boreas-duty');
    expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe('Hotline console');
    expect(await p.getByTestId('call').count()).toBe(2);
    const flash = call(p, 'Unsafe intercept over the strait');
    expect(await flash.locator('.meta').first().textContent()).toBe('Flash · From Republic of Aurelia to Boreas Federation');
    expect(await flash.locator('.badge').textContent()).toBe('Closed');
    expect(await flash.getByTestId('acknowledged').textContent()).toMatch(/by boreas-principal, after 14 min late$/);
    expect(await flash.getByTestId('escalation').getAttribute('data-level')).toBe('1');
    expect(await flash.getByTestId('escalation').textContent()).toContain('Escalated to level 1 on');
    // Boreas's own node paged its principals: Boreas sees that step, marked private.
    const step = flash.getByTestId('escalation-steps');
    expect(await step.locator('.private-marker').textContent()).toBe('Private: visible to Boreas Federation only');
    expect(await step.getByTestId('escalation-step').textContent()).toMatch(/^Level 1 \(principals\): paged boreas-principal on /);
    expect(await call(p, 'Exercise calendar').getByTestId('closed').textContent()).toMatch(/^Closed by Boreas Federation on .*: Resolved$/);
    // Closed calls offer nothing; no call awaits acknowledgement.
    expect(await p.getByTestId('call').locator('.actions').count()).toBe(0);
    expect(await p.getByTestId('incoming').getAttribute('data-count')).toBe('0');

    const links = p.getByTestId('link-tests');
    expect(await links.getByTestId('link').getAttribute('data-status')).toBe('closed');
    expect(await links.getByTestId('link-counts').textContent()).toBe('12 answered, 1 missed');
    await links.getByText('Recent tests').click();
    expect(await links.getByTestId('link-test').count()).toBe(13);
    const missed = links.locator('[data-testid="link-test"][data-result="missed"]');
    expect(await texts(missed.locator('td'))).toEqual([
      '9', expect.stringContaining('8:00 AM') as unknown as string, 'Republic of Aurelia', 'Boreas Federation', 'missed: not sent (node down)',
    ]);
    expect(await texts(links.getByTestId('availability').locator('tbody th'))).toEqual(['Republic of Aurelia → Boreas Federation', 'Boreas Federation → Republic of Aurelia']);
    // No link is being tested: a duty officer may start the tests.
    expect(await links.getByRole('button', { name: 'Start link tests' }).count()).toBe(1);
    await screenshot(p, 'hotline');
  });

  it('a call placed by Aurelia appears live for Boreas\'s duty officer, with alert, beep and countdown, and is acknowledged in one click', async () => {
    const duty = await console_('boreas-duty');
    const observer = await console_('boreas-observer');
    const caller = await console_('aurelia-duty');
    // The sound is off until the duty officer switches it on.
    const toggle = duty.getByLabel('Sound an alert for incoming calls');
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();

    const aurelia = await apiAs(demo.server.url, 'aurelia-duty');
    await aurelia.post(`/dialogues/${DIALOGUE}/hotline/calls`, {
      to: 'boreas', precedence: 'immediate', subject: { en: SUBJECT }, message: { en: 'Aurelia asks Boreas to confirm whether the submarine is one of its own.' },
    });

    // No reload: the stream brings the call to the open console.
    const alert = duty.getByTestId('incoming-call');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Incoming Immediate call from Republic of Aurelia');
    expect(await alert.textContent()).toContain(SUBJECT);
    expect(await duty.getByTestId('incoming').getAttribute('data-beeps')).toBe('1');
    // Immediate: 30 minutes to acknowledge, counting down each second.
    const countdown = alert.getByTestId('countdown');
    const first = await countdown.textContent();
    expect(first).toMatch(/^(30:00|29:[0-5]\d) left to acknowledge$/);
    await countdown.filter({ hasNotText: first! }).waitFor();
    expect(await call(duty, SUBJECT).locator('.badge').textContent()).toBe('Delivered');
    await screenshot(duty, 'hotline-incoming');

    // The observer sees the alert too, but may not acknowledge: no button anywhere.
    await observer.getByTestId('incoming-call').waitFor();
    expect(await observer.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(await call(observer, SUBJECT).locator('button').count()).toBe(0);
    // The caller's side counts down too; only the called party acknowledges.
    await call(caller, SUBJECT).getByTestId('countdown').waitFor();
    expect(await caller.getByTestId('incoming').getAttribute('data-count')).toBe('0');
    expect(await texts(call(caller, SUBJECT).locator('.actions > button'))).toEqual(['Close the call…']);

    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    await duty.getByRole('status').filter({ hasText: 'call acknowledged' }).waitFor();
    await call(duty, SUBJECT).locator('.badge', { hasText: 'Acknowledged' }).waitFor();
    expect(await duty.getByTestId('incoming').getAttribute('data-count')).toBe('0');
    expect(await call(duty, SUBJECT).getByTestId('acknowledged').textContent()).toContain('by boreas-duty');
    expect(await call(duty, SUBJECT).getByTestId('countdown').count()).toBe(0);
    expect(await texts(call(duty, SUBJECT).locator('.actions > button'))).toEqual(['Answer…', 'Close the call…']);
    // Both other consoles follow live.
    await call(caller, SUBJECT).locator('.badge', { hasText: 'Acknowledged' }).waitFor();
    await observer.getByTestId('incoming').and(observer.locator('[data-count="0"]')).waitFor();
    await screenshot(duty, 'hotline-acknowledged');
  });

  it('a duty officer places a flash call from the console; the other side answers it and the caller closes it, each seeing the other live', async () => {
    const caller = await console_('aurelia-duty');
    await caller.getByRole('button', { name: 'Place a call…' }).click();
    const form = caller.locator('form.panel');
    expect(await texts(form.getByLabel('Call').locator('option'))).toEqual(['Boreas Federation']);
    await form.getByLabel('Precedence').selectOption('flash');
    expect(await form.getByText('The called party must acknowledge within 10 min (agreed terms).').count()).toBe(1);
    await form.getByLabel('Subject (English)').fill(FLASH);
    await form.getByLabel('Message (English)').fill('Two aircraft are approaching the air defence identification zone.');
    await form.getByRole('button', { name: 'Place the call' }).click();
    await caller.getByRole('status').filter({ hasText: 'call placed' }).waitFor();
    await call(caller, FLASH).getByTestId('countdown').filter({ hasText: /^(10:00|9:[0-5]\d) left to acknowledge$/ }).waitFor();

    const duty = await console_('boreas-duty');
    const alert = duty.getByTestId('incoming-call').filter({ hasText: FLASH });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Incoming Flash call from Republic of Aurelia');
    const card = call(duty, FLASH);
    await card.getByRole('button', { name: 'Answer…' }).click();
    await card.getByLabel('Your answer (English)').fill('Boreas aircraft are on a training flight and will turn back.');
    await card.getByRole('button', { name: 'Send the answer' }).click();
    await card.locator('.badge', { hasText: 'Answered' }).waitFor();
    // Answering acknowledges: the alert is gone.
    await duty.getByTestId('incoming').and(duty.locator('[data-count="0"]')).waitFor();
    expect(await card.getByTestId('acknowledged').textContent()).toContain('by boreas-duty');

    const calling = call(caller, FLASH);
    await calling.locator('.badge', { hasText: 'Answered' }).waitFor();
    expect(await calling.textContent()).toContain('Boreas aircraft are on a training flight and will turn back.');
    await calling.getByRole('button', { name: 'Close the call…' }).click();
    await calling.getByLabel('Outcome').selectOption('resolved');
    await calling.locator('form').getByRole('button', { name: 'Close the call' }).click();
    await calling.locator('.badge', { hasText: 'Closed' }).waitFor();
    await card.getByTestId('closed').filter({ hasText: 'Closed by Republic of Aurelia' }).waitFor();
    expect(await card.locator('.actions').count()).toBe(0);
  });

  it('starts link tests from the console: the nodes test the link at once and both sides see it live; a duty officer stops them', async () => {
    const duty = await console_('boreas-duty');
    const other = await console_('aurelia-duty');
    await duty.getByTestId('link-tests').getByRole('button', { name: 'Start link tests' }).click();
    const testing = (p: Page) => p.locator('[data-testid="link"][data-status="active"]');
    await testing(duty).waitFor();
    expect(await testing(duty).locator('h3').textContent()).toMatch(/^Link opened by Boreas Federation on /);
    // Slot 1 is due at once: Boreas's node sends it and Aurelia's answers.
    await testing(other).locator('[data-testid="link-test"][data-result="answered"]').first().waitFor({ timeout: 30_000 });
    expect(await texts(testing(other).locator('[data-testid="link-test"]').first().locator('td').nth(2))).toEqual(['Boreas Federation']);
    // Only one link is tested at a time: no second start offered.
    expect(await duty.getByRole('button', { name: 'Start link tests' }).count()).toBe(0);
    await testing(duty).getByRole('button', { name: 'Stop link tests…' }).click();
    await testing(duty).getByLabel('Reason (optional)').fill('Terminal maintenance.');
    await testing(duty).getByRole('button', { name: 'Stop', exact: true }).click();
    await other.getByTestId('link').first().and(other.locator('[data-status="closed"]')).waitFor();
    expect(await duty.getByRole('button', { name: 'Start link tests' }).count()).toBe(1);
  });

  it('an admin sets the party\'s private escalation ladder on the console; the other party\'s admin sees only its own, a duty officer none', async () => {
    const admin = await console_('aurelia-admin');
    // An admin staffs no hotline: nothing to place, acknowledge or test.
    expect(await admin.getByRole('button', { name: 'Place a call…' }).count()).toBe(0);
    expect(await admin.getByRole('button', { name: 'Start link tests' }).count()).toBe(0);
    const ladder = admin.getByTestId('ladder');
    expect(await ladder.locator('.private-marker').textContent()).toBe('Private: visible to Republic of Aurelia only');
    expect(await ladder.textContent()).toContain('Your party has set no ladder: the default applies.');
    expect(await ladder.getByTestId('rung').count()).toBe(1);
    expect(await ladder.getByTestId('rung').getByLabel('Principal').isChecked()).toBe(true);
    await ladder.getByLabel('Time to acknowledge at this rung (minutes)').fill('30');
    await ladder.getByRole('button', { name: 'Add a rung' }).click();
    const second = ladder.getByTestId('rung').nth(1);
    await second.getByLabel('Name (optional)').fill('Aurelian watch officers');
    await second.getByLabel('Duty officer').check();
    await second.getByLabel('Time to acknowledge at this rung (minutes)').fill('20');
    expect(await accessibilityViolations(admin)).toEqual([]);
    await ladder.getByRole('button', { name: 'Save the ladder' }).click();
    await admin.getByRole('status').filter({ hasText: 'escalation ladder saved' }).waitFor();
    await ladder.getByTestId('ladder-status').filter({ hasText: /^Set by aurelia-admin on / }).waitFor();
    const api = await apiAs(demo.server.url, 'aurelia-admin');
    const saved = await api.get<{ rungs: unknown[] }>(`/dialogues/${DIALOGUE}/escalation-ladder`);
    expect(saved.rungs).toEqual([
      { name: 'principals', roles: ['principal'], members: [], deadlineSeconds: 1800 },
      { name: 'Aurelian watch officers', roles: ['duty_officer'], members: [], deadlineSeconds: 1200 },
    ]);
    await screenshot(admin, 'hotline-ladder');

    const other = await console_('boreas-admin');
    const theirs = other.getByTestId('ladder');
    expect(await theirs.locator('.private-marker').textContent()).toBe('Private: visible to Boreas Federation only');
    expect(await theirs.textContent()).toContain('the default applies');
    expect(await other.getByTestId('hotline-console').textContent()).not.toContain('Aurelian watch officers');
    const duty = await console_('aurelia-duty');
    expect(await duty.getByTestId('ladder').count()).toBe(0);
  });

  it('never shows a party\'s private escalation steps to the other party', async () => {
    const p = await console_('aurelia-duty');
    const flash = call(p, 'Unsafe intercept over the strait');
    // The shared record says the call escalated; who Boreas paged is Boreas's own business.
    expect(await flash.getByTestId('escalation').textContent()).toContain('Escalated to level 1 on');
    expect(await p.getByTestId('escalation-steps').count()).toBe(0);
    expect(await p.getByTestId('hotline-console').textContent()).not.toContain('paged');
    expect(await p.getByTestId('hotline-console').textContent()).not.toContain('principals)');
    // The observer's role may not read even its own party's steps: none shown, no error.
    const observer = await console_('boreas-observer');
    expect(await observer.getByTestId('escalation-steps').count()).toBe(0);
    expect(await observer.getByRole('alert').filter({ hasText: 'refused' }).count()).toBe(0);
  });

  it('passes the WCAG 2.1 AA checks in both languages and fits a small laptop screen', async () => {
    const p = await console_('boreas-duty');
    await p.getByRole('button', { name: 'Place a call…' }).click();
    expect(await p.getByText('The called party must acknowledge within 12 h (agreed terms).').count()).toBe(1);
    expect(await accessibilityViolations(p)).toEqual([]);
    await p.setViewportSize({ width: 1024, height: 768 });
    expect(await overflowsHorizontally(p)).toBe(false);
    await p.setViewportSize({ width: 1366, height: 900 });
    await p.getByLabel('Language').selectOption('zh-Hans');
    await p.getByRole('heading', { level: 1, name: '热线控制台' }).waitFor();
    expect(await call(p, '海峡上空的不安全拦截').locator('.meta').first().textContent()).toBe('特急 · 由奥瑞利亚共和国呼叫北风联邦');
    expect(await accessibilityViolations(p)).toEqual([]);
    await screenshot(p, 'hotline-zh');
    await p.getByLabel('语言').selectOption('en');
  });

  it('logged no console error', () => {
    for (const { errors } of demo.members.opened) expect(errors).toEqual([]);
  });
});
