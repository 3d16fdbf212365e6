// The meeting room, messages and timeline in headless Chromium against a real `parley demo`:
// an agenda agreed across both parties (and re-agreed after an amendment), outcomes recorded
// by each party with the disagreement shown, readouts drafted in private, published and
// compared word by word, a joint statement signed by both principals, a formal note receipted
// and acknowledged, a context event on the timeline — and the other party never seeing a
// party's private notes or drafts on any page.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accessibilityViolations, demoForThisFile, openAs, overflowsHorizontally, screenshot, texts } from './browser.js';

const DIALOGUE = 'pacific-channels';
/** The meeting proposed here started yesterday (UTC): outcomes and attendance are recorded after the start. */
const YESTERDAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const GOALS = ['Agree a hotline test schedule for the navies', 'Exchange lists of liaison officers'];
const AMENDED_GOAL = 'Review the incident of 23 November';
const AURELIA_NOTE = 'Aurelia internal: do not concede the 30-minute window';
const AURELIA_DRAFT = 'Aurelia draft: keep the liaison list confidential until approved';
const FORMAL_NOTE = 'Aurelia requests the liaison officer lists by 15 December.';

let meeting: string;
const demo = demoForThisFile();

const page = (member: string): Promise<Page> => demo.members.page(member);

/** The member's page with the meeting room of `meeting` open. */
async function room(member: string): Promise<Page> {
  const p = await page(member);
  await p.goto(`/d/${DIALOGUE}/meetings?meeting=${meeting}`);
  await p.getByTestId('meeting-room').waitFor();
  return p;
}

const acceptance = (p: Page, party: string) => p.locator(`[data-testid="agenda-acceptance"][data-party="${party}"]`);
const agendaItem = (p: Page, n: number) => p.getByTestId('agenda-item').nth(n);

describe('the meeting room, messages and timeline, as members of both parties', () => {
  it('an agenda proposed by an Aurelia delegate is accepted by Boreas, amended by Boreas and re-accepted by Aurelia: each party\'s accepted version is shown', async () => {
    const delegate = await page('aurelia-delegate');
    await delegate.getByRole('link', { name: 'Meetings' }).click();
    await delegate.getByRole('heading', { level: 1, name: 'Meeting room' }).waitFor();
    await delegate.getByRole('button', { name: 'Propose a meeting…' }).click();
    await delegate.locator('form').getByLabel('Working group').selectOption({ label: 'Maritime issues' });
    await delegate.getByLabel('Format').selectOption('video');
    await delegate.getByLabel('Starts (UTC)').fill(`${YESTERDAY}T01:00`);
    await delegate.getByLabel('Ends (UTC)').fill(`${YESTERDAY}T05:00`);
    await delegate.getByRole('button', { name: 'Propose', exact: true }).click();
    await delegate.getByRole('status').filter({ hasText: 'meeting proposed' }).waitFor();
    const listed = await (await delegate.request.get(`/api/v1/dialogues/${DIALOGUE}/meetings?limit=500`)).json() as { items: { id: string; state: { schedule: { start: string } } }[] };
    meeting = listed.items.find((m) => Date.parse(m.state.schedule.start) === Date.parse(`${YESTERDAY}T01:00:00Z`))!.id;
    expect(meeting).toBeDefined();

    await room('aurelia-delegate');
    expect(await delegate.getByTestId('meeting-room').locator('.badge').first().textContent()).toBe('Proposed');
    expect(await delegate.getByTestId('schedule-acceptance').textContent()).toBe('Republic of Aurelia · awaiting Boreas Federation');
    await delegate.getByRole('button', { name: 'Propose the agenda…' }).click();
    await delegate.getByLabel('Goals in English, one item per line').fill(GOALS.join('\n'));
    await delegate.getByLabel('Goals in Chinese, one per line, in the same order (optional)').fill('商定海军热线测试时间表');
    await delegate.getByRole('button', { name: 'Propose', exact: true }).click();
    await delegate.getByTestId('agenda-item').nth(1).waitFor();
    expect(await texts(delegate.getByTestId('agenda-acceptance'))).toEqual(['Republic of Aurelia accepted version 1', 'Boreas Federation has not accepted']);
    // The second goal has no Chinese: marked missing, not filled in.
    expect(await agendaItem(delegate, 1).locator('.missing').textContent()).toBe('missing translation');
    // A delegate proposes; accepting is for principals.
    expect(await delegate.getByRole('button', { name: /Accept agenda/ }).count()).toBe(0);

    const boreas = await room('boreas-principal');
    await boreas.getByRole('button', { name: 'Accept the schedule' }).click();
    await boreas.getByTestId('meeting-room').locator('.badge', { hasText: 'Scheduled' }).waitFor();
    await boreas.getByRole('button', { name: 'Accept agenda version 1' }).click();
    await boreas.getByText('Agreed by every party.').waitFor();
    expect(await texts(boreas.getByTestId('agenda-acceptance'))).toEqual(['Republic of Aurelia accepted version 1', 'Boreas Federation accepted version 1']);

    const boreasDelegate = await room('boreas-delegate');
    await boreasDelegate.getByRole('button', { name: 'Amend the agenda…' }).click();
    expect(await boreasDelegate.getByLabel('Goals in English, one item per line').inputValue()).toBe(GOALS.join('\n'));
    await boreasDelegate.getByLabel('Goals in English, one item per line').fill([...GOALS, AMENDED_GOAL].join('\n'));
    await boreasDelegate.getByRole('button', { name: 'Propose amendment' }).click();
    await boreasDelegate.getByText('Version 2, proposed by Boreas Federation.').waitFor();
    // An amendment is a new version: the earlier agreement no longer holds until Aurelia accepts again.
    expect(await texts(boreasDelegate.getByTestId('agenda-acceptance'))).toEqual(['Republic of Aurelia has not accepted', 'Boreas Federation accepted version 2']);
    expect(await boreasDelegate.getByText('Not agreed yet.').count()).toBe(1);

    const principal = await room('aurelia-principal');
    await acceptance(principal, 'aurelia').and(principal.locator('[data-accepted="none"]')).waitFor();
    await principal.getByRole('button', { name: 'Accept agenda version 2' }).click();
    await principal.getByText('Agreed by every party.').waitFor();
    // Boreas's room, open all along, shows it live.
    await acceptance(boreasDelegate, 'aurelia').and(boreasDelegate.locator('[data-accepted="current"]')).waitFor();
    expect(await texts(boreasDelegate.getByTestId('agenda-item').locator('.goal [lang="en"]'))).toEqual(['en' + GOALS[0], 'en' + GOALS[1], 'en' + AMENDED_GOAL]);
    // The record keeps every version and who accepted it, though only the current one counts.
    await principal.getByText('Versions and who accepted them').click();
    expect(await texts(principal.getByTestId('agenda-version'))).toEqual([
      expect.stringMatching(/^Version 1: proposed by Republic of Aurelia on .*; accepted by Republic of Aurelia, Boreas Federation$/),
      expect.stringMatching(/^Version 2: proposed by Boreas Federation on .*; accepted by Boreas Federation, Republic of Aurelia$/),
    ]);
    await screenshot(principal, 'meeting-agenda');
  });

  it('each party records its own outcome; where they differ the disagreement is shown to both; attendance and the next meeting are recorded', async () => {
    const aurelia = await room('aurelia-notetaker');
    await agendaItem(aurelia, 0).getByRole('button', { name: 'Record outcome…' }).click();
    await agendaItem(aurelia, 0).getByLabel('Outcome for Republic of Aurelia').selectOption('achieved');
    await agendaItem(aurelia, 0).locator('form').getByRole('button', { name: 'Record outcome…' }).click();
    await agendaItem(aurelia, 0).locator('[data-testid="outcome"][data-party="aurelia"]').waitFor();

    const boreas = await room('boreas-notetaker');
    await agendaItem(boreas, 0).getByRole('button', { name: 'Record outcome…' }).click();
    await agendaItem(boreas, 0).getByLabel('Outcome for Boreas Federation').selectOption('partly');
    await agendaItem(boreas, 0).getByLabel('Note (optional)').fill('Schedule agreed for the navies only, not the coast guards.');
    await agendaItem(boreas, 0).locator('form').getByRole('button', { name: 'Record outcome…' }).click();
    await agendaItem(boreas, 0).getByTestId('disagreement').waitFor();
    expect(await texts(agendaItem(boreas, 0).getByTestId('outcome').locator('.badge'))).toEqual(['Achieved', 'Partly achieved']);
    // Item 2: both agree; no disagreement.
    await agendaItem(boreas, 1).getByRole('button', { name: 'Record outcome…' }).click();
    await agendaItem(boreas, 1).locator('form').getByRole('button', { name: 'Record outcome…' }).click();
    await agendaItem(boreas, 1).getByTestId('outcome').waitFor();
    expect(await agendaItem(boreas, 1).getByTestId('disagreement').count()).toBe(0);
    // Aurelia's room shows Boreas's differing view live.
    expect(await agendaItem(aurelia, 0).getByTestId('disagreement').textContent({ timeout: 10_000 })).toBe('The parties disagree on this outcome.');
    expect(await agendaItem(aurelia, 0).textContent()).toContain('not the coast guards');

    await aurelia.getByRole('button', { name: 'Record attendance…' }).click();
    await aurelia.getByLabel('Members of your party who attended (ids, comma-separated)').fill('aurelia-delegate, aurelia-notetaker');
    await aurelia.locator('form').getByRole('button', { name: 'Record attendance…' }).click();
    await aurelia.getByTestId('attendance-aurelia').filter({ hasText: 'attended: aurelia-delegate, aurelia-notetaker' }).waitFor();
    // A note-taker records; concluding is for principals and delegates.
    expect(await aurelia.getByRole('button', { name: 'Conclude…' }).count()).toBe(0);

    const delegate = await room('aurelia-delegate');
    await delegate.getByRole('button', { name: 'Conclude…' }).click();
    await delegate.getByLabel('Next meeting starts (UTC)').fill('2027-02-10T01:00');
    await delegate.getByLabel('Place (English)').fill('Manila');
    await delegate.locator('form').getByRole('button', { name: 'Conclude…' }).click();
    await delegate.getByTestId('meeting-room').locator('.badge', { hasText: 'Concluded' }).waitFor();
    expect(await delegate.getByTestId('next-meeting').textContent()).toContain('Feb 10, 2027');
    expect(await delegate.getByTestId('next-meeting').textContent()).toContain('Manila');
    // The observer sees it all and is offered nothing.
    const observer = await room('boreas-observer');
    await observer.getByTestId('disagreement').waitFor();
    expect(await observer.getByTestId('meeting-room').locator('.actions button, .open-form').count()).toBe(0);
    expect(await observer.getByTestId('readout-draft').count()).toBe(0);
    await screenshot(delegate, 'meeting-outcomes');
  });

  it('readouts are drafted in private, published by each party and compared side by side with the differing words highlighted', async () => {
    const delegate = await room('aurelia-delegate');
    const draft = delegate.getByTestId('readout-draft');
    expect(await draft.getByTestId('private-marker').textContent()).toBe('Private: visible to Republic of Aurelia only');
    await draft.getByLabel('On item 1 (English)').fill('The navies agreed a monthly hotline test schedule.');
    await draft.getByLabel('On item 2 (English)').fill('Lists of liaison officers will be exchanged in December.');
    await draft.getByRole('button', { name: 'Save draft' }).click();
    await draft.getByText('Last saved by aurelia-delegate (version 1)').waitFor();

    // Boreas sees neither the draft nor a readout yet.
    const boreas = await room('boreas-delegate');
    await boreas.getByText('No readout published yet.').waitFor();
    expect(await boreas.content()).not.toContain('monthly hotline test schedule');

    await draft.getByRole('button', { name: 'Publish the readout' }).click();
    await delegate.getByRole('status').filter({ hasText: 'readout published' }).waitFor();

    const boreasDraft = boreas.getByTestId('readout-draft');
    expect(await boreasDraft.getByTestId('private-marker').textContent()).toBe('Private: visible to Boreas Federation only');
    await boreasDraft.getByLabel('On item 1 (English)').fill('The navies agreed a quarterly hotline test schedule.');
    await boreasDraft.getByLabel('On item 3 (English)').fill('Boreas set out its account of the incident of 23 November.');
    await boreasDraft.getByRole('button', { name: 'Save draft' }).click();
    await boreasDraft.getByRole('button', { name: 'Publish the readout' }).click();
    await boreas.getByRole('status').filter({ hasText: 'readout published' }).waitFor();

    const rows = delegate.getByTestId('readout-row');
    await rows.nth(2).locator('[data-party="boreas"]').getByText('incident of 23 November', { exact: false }).waitFor();
    // Item 1: both wrote; the words that differ are highlighted in each side's column.
    expect(await texts(rows.nth(0).locator('[data-party="aurelia"] mark.diff'))).toEqual(['monthly']);
    expect(await texts(rows.nth(0).locator('[data-party="boreas"] mark.diff'))).toEqual(['quarterly']);
    // Items 2 and 3: one side only.
    expect(await rows.nth(1).getByTestId('one-side-only').textContent()).toBe('Mentioned by one side only (Republic of Aurelia)');
    expect(await rows.nth(1).locator('[data-party="boreas"]').textContent()).toBe('Not mentioned');
    expect(await rows.nth(2).getByTestId('one-side-only').textContent()).toBe('Mentioned by one side only (Boreas Federation)');
    await screenshot(delegate, 'meeting-readouts');

    // A further draft, never published, stays Aurelia's: the revision form is private too.
    const notetaker = await room('aurelia-notetaker');
    const revision = notetaker.getByTestId('readout-draft');
    await revision.getByLabel('In general (English)').fill(AURELIA_DRAFT);
    await revision.getByRole('button', { name: 'Save draft' }).click();
    await revision.getByText('Last saved by aurelia-notetaker (version 1)').waitFor();
    // A note-taker drafts; publishing is for principals and delegates.
    expect(await revision.getByRole('button', { name: /Publish/ }).count()).toBe(0);

    // Two members of one party on the same draft: the later save of a stale version is refused
    // (If-Match), not silently lost. Its own context: the browser logs the refused request.
    const stale = await openAs(demo.browser, demo.server.url, 'aurelia-principal');
    try {
      await stale.page.goto(`/d/${DIALOGUE}/meetings?meeting=${meeting}`);
      const staleDraft = stale.page.getByTestId('readout-draft');
      await staleDraft.getByText('Last saved by aurelia-notetaker (version 1)').waitFor();
      await revision.getByLabel('On item 1 (English)').fill('Monthly tests, starting in January.');
      await revision.getByRole('button', { name: 'Save draft' }).click();
      await revision.getByText('Last saved by aurelia-notetaker (version 2)').waitFor();
      await staleDraft.getByLabel('On item 2 (English)').fill('An edit made on the old version.');
      await staleDraft.getByRole('button', { name: 'Save draft' }).click();
      expect(await stale.page.getByRole('alert').textContent()).toContain('the draft changed since that version');
      expect(stale.errors.every((e) => e.includes('412'))).toBe(true);
    } finally {
      await stale.context.close();
    }
  });

  it('a joint statement is agreed only when both principals signed the same version', async () => {
    const delegate = await room('aurelia-delegate');
    await delegate.getByRole('button', { name: 'Propose a joint statement…' }).click();
    await delegate.getByLabel('Text (English)').fill('The two sides will test the naval hotline every month.');
    await delegate.getByLabel('Text (Chinese)').fill('双方将每月测试海军热线。');
    await delegate.getByRole('button', { name: 'Propose', exact: true }).click();
    const statement = delegate.getByTestId('joint-statement');
    await statement.waitFor();
    expect(await texts(statement.getByTestId('signature'))).toEqual(['Republic of Aurelia has not signed', 'Boreas Federation has not signed']);
    expect(await statement.getByRole('button', { name: 'Sign this version' }).count()).toBe(0);

    const aurelia = await room('aurelia-principal');
    await aurelia.getByTestId('joint-statement').getByRole('button', { name: 'Sign this version' }).click();
    await aurelia.locator('[data-testid="signature"][data-party="aurelia"][data-signed="current"]').waitFor();
    expect(await aurelia.getByTestId('joint-statement').locator('.badge').textContent()).toBe('Awaiting signatures');

    const boreas = await room('boreas-principal');
    await boreas.getByTestId('joint-statement').getByRole('button', { name: 'Sign this version' }).click();
    await boreas.getByTestId('joint-statement').locator('.badge', { hasText: 'Agreed' }).waitFor();
    expect(await boreas.getByTestId('joint-statement').textContent()).toContain('every party signed the same version');
    await statement.locator('.badge', { hasText: 'Agreed' }).waitFor();
  });

  it('a formal note is receipted by the other party\'s node, acknowledged by one of its people, and the sender sees it live; private notes stay marked as the party\'s own', async () => {
    const delegate = await page('aurelia-delegate');
    await delegate.goto(`/d/${DIALOGUE}/messages`);
    await delegate.getByRole('button', { name: 'Post a message…' }).click();
    await delegate.getByLabel('Kind').selectOption('formal_note');
    await delegate.getByLabel('Text (English)').fill(FORMAL_NOTE);
    await delegate.getByLabel('Ask the other party to acknowledge it (a person, not only the receipt)').check();
    await delegate.getByRole('button', { name: 'Post', exact: true }).click();
    const sent = delegate.getByTestId('message').filter({ hasText: FORMAL_NOTE });
    await sent.waitFor();
    expect(await sent.locator('.meta strong').textContent()).toBe('Formal note');
    expect(await sent.getByTestId('ack-requested').textContent()).toBe('Acknowledgement requested');
    // The other party's node receipted it in the same transaction.
    expect(await sent.getByTestId('receipt').textContent()).toMatch(/^Delivered to Boreas Federation .* · not acknowledged yet$/);
    // The sender's party does not acknowledge its own message.
    expect(await sent.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);

    await sent.getByRole('button', { name: 'Private note…' }).click();
    await sent.getByLabel('Note (visible to Republic of Aurelia only)').fill(AURELIA_NOTE);
    await sent.getByRole('button', { name: 'Save private note' }).click();
    const note = sent.getByTestId('private-note');
    await note.waitFor();
    expect(await note.locator('.private-marker').textContent()).toBe('Private: visible to Republic of Aurelia only');
    expect(await delegate.getByTestId('private-notes').locator('.private-marker').first().textContent()).toBe('Private: visible to Republic of Aurelia only');

    const duty = await page('boreas-duty');
    await duty.goto(`/d/${DIALOGUE}/messages`);
    const received = duty.getByTestId('message').filter({ hasText: FORMAL_NOTE });
    expect(await received.getByTestId('ack-requested').textContent()).toBe('Acknowledgement requested');
    await received.getByRole('button', { name: 'Acknowledge' }).click();
    await received.getByTestId('receipt').filter({ hasText: 'acknowledged by boreas-duty' }).waitFor();
    expect(await received.getByTestId('private-note').count()).toBe(0);
    // The sender's page, open all along, shows the acknowledgement live.
    await sent.getByTestId('receipt').filter({ hasText: 'acknowledged by boreas-duty' }).waitFor();
    await sent.locator('.badge', { hasText: 'Acknowledged' }).waitFor();
    await screenshot(delegate, 'messages');
  });

  it('a meeting rescheduled needs fresh acceptance, and a meeting cancelled shows who cancelled it and why, in the room and on the timeline', async () => {
    const delegate = await page('aurelia-delegate');
    await delegate.goto(`/d/${DIALOGUE}/meetings`);
    await delegate.getByRole('button', { name: 'Propose a meeting…' }).click();
    await delegate.locator('form').getByLabel('Working group').selectOption({ label: 'Maritime issues' });
    await delegate.getByLabel('Starts (UTC)').fill('2027-03-02T01:00');
    await delegate.getByLabel('Ends (UTC)').fill('2027-03-02T05:00');
    await delegate.getByLabel('Place (English)').fill('Busan');
    await delegate.getByRole('button', { name: 'Propose', exact: true }).click();
    const row = delegate.getByTestId('meeting').filter({ hasText: 'Busan' });
    await row.getByRole('link').click();
    const roomOf = delegate.getByTestId('meeting-room');
    await roomOf.getByText('Busan').waitFor();
    // Not started: nothing to record yet.
    expect(await roomOf.getByRole('button', { name: 'Record attendance…' }).count()).toBe(0);

    const boreas = await page('boreas-principal');
    await boreas.goto(delegate.url());
    await boreas.getByRole('button', { name: 'Accept the schedule' }).click();
    await boreas.getByTestId('meeting-room').locator('.badge', { hasText: 'Scheduled' }).waitFor();

    await roomOf.locator('.badge', { hasText: 'Scheduled' }).waitFor();
    await roomOf.getByRole('button', { name: 'Reschedule…' }).click();
    expect(await roomOf.getByLabel('Starts (UTC)').inputValue()).toBe('2027-03-02T01:00');
    await roomOf.getByLabel('Starts (UTC)').fill('2027-03-03T01:00');
    await roomOf.getByLabel('Ends (UTC)').fill('2027-03-03T05:00');
    await roomOf.getByLabel('Reason (optional)').fill('A public holiday in Busan on 2 March.');
    await roomOf.locator('form').getByRole('button', { name: 'Reschedule…' }).click();
    // A new version: Boreas's acceptance of the old one no longer holds.
    await roomOf.locator('.badge', { hasText: 'Proposed' }).waitFor();
    expect(await roomOf.getByTestId('schedule-acceptance').textContent()).toBe('Republic of Aurelia · awaiting Boreas Federation');
    await boreas.getByRole('button', { name: 'Accept the schedule' }).waitFor();

    await roomOf.getByRole('button', { name: 'Cancel the meeting…' }).click();
    await roomOf.getByLabel('Reason', { exact: true }).fill('The delegation cannot travel in March.');
    await roomOf.locator('form').getByRole('button', { name: 'Cancel the meeting…' }).click();
    await roomOf.locator('.badge', { hasText: 'Cancelled' }).waitFor();
    expect(await roomOf.locator('.suspension').textContent()).toBe('Cancelled by Republic of Aurelia: The delegation cannot travel in March.');
    // Boreas's room, open all along, follows live and offers nothing more.
    await boreas.getByTestId('meeting-room').locator('.badge', { hasText: 'Cancelled' }).waitFor();
    expect(await boreas.getByTestId('meeting-room').locator('.actions button').count()).toBe(0);

    await boreas.goto(`/d/${DIALOGUE}/timeline`);
    await boreas.getByTestId('timeline-entry').filter({ hasText: 'cancelled by Republic of Aurelia' }).filter({ hasText: 'cannot travel in March' }).waitFor();
  });

  it('the timeline shows context events, meetings, suspensions and incidents; a context event recorded by Aurelia appears for Boreas', async () => {
    const notetaker = await page('aurelia-notetaker');
    await notetaker.goto(`/d/${DIALOGUE}/timeline`);
    await notetaker.getByTestId('timeline-entry').first().waitFor();
    const kinds = new Set(await notetaker.getByTestId('timeline-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))));
    expect(kinds).toEqual(new Set(['context', 'meeting', 'suspension', 'incident']));
    await notetaker.getByRole('button', { name: 'Record a context event…' }).click();
    await notetaker.getByLabel('What happened (English)').fill('Foreign ministers meet in Jakarta');
    await notetaker.getByLabel('Date', { exact: true }).fill('2026-11-20');
    await notetaker.getByLabel('Category').selectOption('meeting');
    await notetaker.getByLabel('Source', { exact: true }).fill('Joint press release');
    await notetaker.getByRole('button', { name: 'Record', exact: true }).click();
    await notetaker.getByTestId('timeline-entry').filter({ hasText: 'Foreign ministers meet in Jakarta' }).waitFor();

    const boreas = await page('boreas-principal');
    await boreas.goto(`/d/${DIALOGUE}/timeline`);
    const entry = boreas.getByTestId('timeline-entry').filter({ hasText: 'Foreign ministers meet in Jakarta' });
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Meeting (recorded by Republic of Aurelia)');
    expect(await entry.textContent()).toContain('Source: Joint press release');
    await boreas.getByLabel('Show').selectOption('suspension');
    const suspensions = await texts(boreas.getByTestId('timeline-entry').locator('strong'));
    expect(suspensions.length).toBeGreaterThan(0);
    expect(suspensions.every((s) => / (suspended|resumed) by /.test(s))).toBe(true);
    await screenshot(boreas, 'timeline');
    // An observer reads the timeline and records nothing.
    const observer = await page('boreas-observer');
    await observer.goto(`/d/${DIALOGUE}/timeline`);
    await observer.getByTestId('timeline-entry').filter({ hasText: 'Foreign ministers meet in Jakarta' }).waitFor();
    expect(await observer.getByRole('button', { name: 'Record a context event…' }).count()).toBe(0);
  });

  it('no member of Boreas ever sees Aurelia\'s private notes or drafts, on any page', async () => {
    const pages = ['working-groups', 'meetings', `meetings?meeting=${meeting}`, 'commitments', 'messages', 'timeline', 'record'];
    // Aurelia's own members do see them (the check below would otherwise prove nothing).
    const own = await page('aurelia-principal');
    await own.goto(`/d/${DIALOGUE}/messages`);
    await own.getByText(AURELIA_NOTE).waitFor();
    await room('aurelia-principal');
    expect(await own.getByTestId('readout-draft').getByLabel('In general (English)').inputValue()).toBe(AURELIA_DRAFT);
    for (const member of ['boreas-principal', 'boreas-delegate', 'boreas-notetaker', 'boreas-observer']) {
      const p = await page(member);
      for (const path of pages) {
        await p.goto(`/d/${DIALOGUE}/${path}`);
        await p.locator('main h1').waitFor();
        await p.waitForLoadState('networkidle');
        const html = await p.content();
        expect(html, `${member} on ${path}`).not.toContain(AURELIA_NOTE);
        expect(html, `${member} on ${path}`).not.toContain(AURELIA_DRAFT);
      }
    }
  });

  it('the new pages pass the WCAG 2.1 AA checks of axe-core, in both languages, and fit a small laptop screen', async () => {
    const delegate = await room('aurelia-delegate');
    await delegate.setViewportSize({ width: 1024, height: 768 });
    for (const path of [`meetings?meeting=${meeting}`, 'messages', 'timeline']) {
      await delegate.goto(`/d/${DIALOGUE}/${path}`);
      await delegate.locator('main h1').waitFor();
      await delegate.waitForLoadState('networkidle');
      // With a form open: its fields must be labelled.
      await delegate.locator('.open-form').first().click();
      expect(await accessibilityViolations(delegate), path).toEqual([]);
      expect(await overflowsHorizontally(delegate), path).toBe(false);
    }
    await delegate.getByLabel('Language').selectOption('zh-Hans');
    await delegate.goto(`/d/${DIALOGUE}/meetings?meeting=${meeting}`);
    await delegate.getByRole('heading', { level: 1, name: '会议室' }).waitFor();
    await delegate.getByTestId('readout-row').first().waitFor();
    expect(await delegate.getByTestId('private-marker').textContent()).toBe('内部：仅奥瑞利亚共和国可见');
    expect(await accessibilityViolations(delegate)).toEqual([]);
    await screenshot(delegate, 'meeting-room-zh');
    await delegate.getByLabel('语言').selectOption('en');
  });

  it('no page logged a console error', () => {
    for (const { errors } of demo.members.opened) expect(errors).toEqual([]);
  });
});
