// Forks detected, in headless Chromium against a real `parley demo` server whose store holds
// the evidence of a fork before it starts (a second event Boreas's key signed at a sequence
// number Boreas already used, two inconsistent checkpoints of Boreas's node's log, and the
// `record.fork_reported` Aurelia's node put on the record): the Record page shows it,
// prominently, to members of both parties, with both event ids and both roots; it listens
// for the node's fork notices; WCAG 2.1 AA in both languages. The same page's "Events from
// other nodes": a refused event and one waiting behind it, shown to every member with why; a
// duty officer retries them (docs/federation.md §5).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNode } from '../../src/app/node-context.js';
import { seedForks, type SeededForks } from '../../src/federation/testing/fork-evidence.js';
import type { DialogueId, EventId, PartyId, SignedEvent } from '../../src/record/index.js';
import { accessibilityViolations, ensureWebBuilt, launchBrowser, MemberPages, overflowsHorizontally, screenshot, startDemoServer, texts, type DemoServer } from './browser.js';

const DIALOGUE = 'pacific-channels';
const AT = '2026-11-29T10:00:00.000Z';

let server: DemoServer;
let browser: Browser;
let members: MemberPages;
let seeded: SeededForks;
/** The live stream URLs each member's page opened. */
const streams = new Map<string, string[]>();

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([
    startDemoServer({
      prepare: async (dir) => {
        const ctx = await openNode(dir);
        try {
          seeded = await seedForks(ctx.node, DIALOGUE as DialogueId, { party: 'boreas' as PartyId, seq: 2, peer: 'boreas.node', at: AT, reporter: 'aurelia' as PartyId });
          // What a peer node sent: one event refused (a type this node did not know), one waiting behind it.
          const [opened] = await ctx.store.events(DIALOGUE as DialogueId, 0, 1);
          await ctx.store.recordRejection({
            dialogue: DIALOGUE as DialogueId, source: 'boreas.node', reason: 'type_unknown: message.posted',
            payload: JSON.stringify({ ...opened!.event, party: 'boreas', seq: 11, prev: 'd'.repeat(64), type: 'message.posted' }), time: AT,
          });
          await ctx.store.inbox.putPending({
            dialogue: DIALOGUE as DialogueId, id: 'c'.repeat(64) as EventId, source: 'boreas.node', reason: 'seq_gap: boreas is at seq 10; this is seq 12', receivedAt: AT,
            event: { ...opened!.event, party: 'boreas', seq: 12, prev: 'e'.repeat(64), type: 'message.posted' } as SignedEvent,
          });
        } finally {
          await ctx.close();
        }
      },
    }),
    launchBrowser(),
  ]);
  members = new MemberPages(browser, server.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function recordOf(member: string): Promise<Page> {
  const p = await members.page(member);
  if (!streams.has(member)) {
    streams.set(member, []);
    p.on('request', (request) => { if (request.url().includes('/stream')) streams.get(member)!.push(decodeURIComponent(request.url())); });
  }
  if (!p.url().endsWith('/record')) {
    await p.getByRole('link', { name: 'Record' }).click();
    await p.getByTestId('forks').locator('[data-testid="fork"], [data-testid="no-forks"]').first().waitFor();
    await p.locator('[data-testid="inbox"][data-refused]').waitFor();
  }
  return p;
}

describe('forks detected on the Record page', () => {
  for (const member of ['aurelia-duty', 'boreas-observer', 'aurelia-principal', 'boreas-delegate']) {
    it(`${member} sees both forks, marked, with the party, sequence, sizes, both event ids and both roots`, async () => {
      const p = await recordOf(member);
      const forks = p.getByTestId('forks');
      expect(await forks.getAttribute('data-count')).toBe('3');
      expect(await forks.getAttribute('class')).toContain('forks-found');
      expect(await forks.getByRole('heading', { level: 2 }).textContent()).toBe('Forks detected');
      expect(await forks.getByTestId('no-forks').count()).toBe(0);
      expect(await forks.getByTestId('fork-warning').textContent()).toMatch(/^Fork detected \(3\)/);

      const event = forks.locator('[data-testid="fork"][data-kind="event"]');
      expect(await texts(event.locator('.badge'))).toEqual(['Two events, one sequence number']);
      expect(await event.textContent()).toContain('Boreas Federation signed two different events at sequence 2');
      expect(await event.textContent()).toContain('received from boreas.node');
      expect(await event.getByTestId('stored-id').textContent()).toBe(seeded.event.storedId);
      expect(await event.getByTestId('other-id').textContent()).toBe(seeded.event.otherId);

      const checkpoint = forks.locator('[data-testid="fork"][data-kind="checkpoint"]');
      expect(await texts(checkpoint.locator('.badge'))).toEqual(['Inconsistent checkpoints']);
      expect(await checkpoint.textContent()).toContain(`The log boreas.node/${DIALOGUE} offered a checkpoint`);
      expect(await checkpoint.textContent()).toContain('checkpoint_shrank');
      expect(await checkpoint.getByTestId('known').textContent()).toBe(`5 events, root ${seeded.checkpoint.knownRoot}`);
      expect(await checkpoint.getByTestId('offered').textContent()).toBe(`4 events, root ${seeded.checkpoint.offeredRoot}`);
      const report = forks.locator('[data-testid="fork"][data-kind="report"]');
      expect(await texts(report.locator('.badge'))).toEqual(['Reported on the record']);
      expect(await report.textContent()).toContain('Republic of Aurelia reported that Boreas Federation signed two different events at sequence 2');
      expect(await report.getByTestId('other-id').textContent()).toBe(seeded.event.otherId);
      expect(await report.textContent()).toContain(seeded.report!);
      // It reloads when this node detects a fork: the page listens for the node's federation notices.
      await expect.poll(() => streams.get(member)!.some((url) => url.includes('types=federation.'))).toBe(true);
    });
  }

  it('keeps both signed envelopes behind a disclosure', async () => {
    const p = await recordOf('boreas-observer');
    const event = p.locator('[data-testid="fork"][data-kind="event"]');
    await event.getByText('Both signed envelopes').click();
    const envelopes = await texts(event.locator('pre'));
    expect(envelopes).toHaveLength(2);
    for (const envelope of envelopes) expect(JSON.parse(envelope)).toMatchObject({ party: 'boreas', seq: 2 });
    expect(JSON.parse(envelopes[0]!).sig).not.toBe(JSON.parse(envelopes[1]!).sig);
    await screenshot(p, 'record-forks');
  });

  it('passes the WCAG 2.1 AA checks in both languages and fits a small laptop screen', async () => {
    const p = await recordOf('aurelia-duty');
    expect(await accessibilityViolations(p)).toEqual([]);
    await p.setViewportSize({ width: 1024, height: 768 });
    expect(await overflowsHorizontally(p)).toBe(false);
    await p.setViewportSize({ width: 1366, height: 900 });
    await p.getByLabel('Language').selectOption('zh-Hans');
    await p.getByRole('heading', { level: 2, name: '检测到的分叉' }).waitFor();
    expect(await p.getByTestId('forks').textContent()).toContain('北风联邦在序号 2 签署了两个不同的事件');
    expect(await p.getByTestId('inbox').getByRole('heading', { level: 2 }).textContent()).toBe('来自其他节点的事件');
    expect(await p.getByTestId('inbox-explained').textContent()).toBe('本节点不认识的事件类型（对方节点可能运行更新的版本）。');
    expect(await accessibilityViolations(p)).toEqual([]);
    await screenshot(p, 'record-forks-zh');
    await p.getByLabel('语言').selectOption('en');
  });

  it('shows what another node sent that is refused or waits, and why, to every member; a duty officer retries it', async () => {
    const delegate = await recordOf('boreas-delegate');
    const panel = delegate.getByTestId('inbox');
    expect(await panel.getAttribute('data-refused')).toBe('1');
    expect(await panel.getAttribute('data-waiting')).toBe('1');
    expect(await panel.getByRole('heading', { level: 2 }).textContent()).toBe('Events from other nodes');
    expect(await panel.getByTestId('inbox-refused').textContent()).toContain('Boreas Federation, event 11 (message.posted) from boreas.node');
    expect(await panel.getByTestId('inbox-reason').getAttribute('data-code')).toBe('type_unknown');
    expect(await panel.getByTestId('inbox-explained').textContent()).toBe('A kind of event this node does not know (the other node may run a newer version).');
    expect(await panel.getByTestId('inbox-waiting').textContent()).toContain('Waits for an earlier event of its party.');
    // Retrying is for admins and duty officers.
    expect(await panel.getByTestId('inbox-retry').count()).toBe(0);

    const duty = await recordOf('aurelia-duty');
    const own = duty.getByTestId('inbox');
    await own.getByTestId('inbox-retry').click();
    // Checked again from the start: boreas is hosted on this node, so no peer may author for it.
    await own.getByText('Retried 1 event: 1 refused again.').waitFor();
    await expect.poll(async () => own.getAttribute('data-waiting')).toBe('0');
    expect(await own.getAttribute('data-refused')).toBe('2');
    expect(await texts(own.getByTestId('inbox-reason'))).toEqual([
      expect.stringMatching(/^party_hosted_here: boreas/), expect.stringMatching(/^party_hosted_here: boreas/),
    ]);
  });

  it('logged no console error', () => {
    for (const { errors } of members.opened) expect(errors).toEqual([]);
  });
});
