// What the inbox accepts of another node's commitment events (body.ts): exactly what this node's
// decider writes, from a form or from a CSV import. Given any lifecycle the decider accepts,
// then every body it writes passes the check; given a body no decider writes, then the check
// names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodySpec } from '../testing/body-spec.js';
import { actor, DIALOGUE, NOW, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import type { Actor, DomainEvent } from '../types.js';
import { compareCommitmentCsvRow, parseCommitmentCsv } from './csv.js';
import { commitments, type CommitmentCommand } from './index.js';
import { writeCsv } from './rfc4180.js';

/** `code field` of the refusal, or undefined when the body passes. */
const { refusal } = bodySpec(commitments);

/** Commands decided in turn against the state so far; every body written is checked on the way. */
function history(covered: Set<string>) {
  const events: GivenEvent[] = [];
  const decide = (who: Actor, command: CommitmentCommand, state = stateOf(commitments, events)): DomainEvent[] => {
    const written = commitments.decide(command, state, { actor: who, dialogue: DIALOGUE, now: NOW });
    for (const event of written) {
      expect(refusal(event.type, event.body), JSON.stringify(event)).toBeUndefined();
      covered.add(event.type);
      events.push({ party: who.party, ...event });
    }
    return written;
  };
  return { events, decide, state: () => stateOf(commitments, events)! };
}

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const defined = <T extends object>(record: T): T => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;

const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
const multilingual = fc.dictionary(fc.constantFrom('en', 'zh-Hans', 'fr', 'en-GB'), text, { minKeys: 1, maxKeys: 3 });
const id = fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim() !== '');
/** Dates in every form the decider keeps as given, all after NOW so a due date is not in the past. */
const date = fc.date({ min: new Date('2026-03-02T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).chain((d) => {
  const iso = d.toISOString();
  return fc.constantFrom(iso.slice(0, 10), iso, `${iso.slice(0, 19)}+08:00`, `${iso.slice(0, 10)}t${iso.slice(11, 19)}.5z`);
});
const reference = fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim() !== '' && !/[\u0000-\u001f\u007f]/.test(s));
const milestone = fc.record({ date, text: multilingual, done: fc.boolean() }, { requiredKeys: ['date', 'text'] });
const link = fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true }).filter((l) => l.length <= 2000);
const evidence = fc.record({ text: multilingual, links: fc.array(link, { maxLength: 3 }) }, { requiredKeys: [] })
  .filter((e) => e.text !== undefined || (e.links?.length ?? 0) > 0);
const reason = fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() !== '');
const proposal = fc.record({
  workingGroup: id, meeting: optional(id), party: fc.constantFrom('red', 'blue'), title: multilingual, description: optional(multilingual),
  due: date, milestones: optional(fc.array(milestone, { maxLength: 4 })), reviewDate: optional(date), reference: optional(reference),
}).map((p) => ({ type: 'propose' as const, ...defined(p) }));
const update = fc.record({
  progress: optional(fc.integer({ min: 0, max: 100 })), milestones: optional(fc.array(milestone, { maxLength: 4 })),
  reviewDate: optional(fc.option(date, { nil: null })), reference: optional(fc.option(reference, { nil: null })),
}).map((u) => ({ type: 'update' as const, ...defined(u) })).filter((u) => Object.keys(u).length > 1);

const TYPES = [...commitments.creates, ...commitments.changes];
const other = (party: string) => (party === 'red' ? 'blue' : 'red');

describe('commitment bodies the decider writes pass', () => {
  it('given any lifecycle up to confirmation, when each body arrives, then it passes', () => {
    const covered = new Set<string>();
    fc.assert(fc.property(proposal, fc.array(update, { maxLength: 3 }), evidence, reason, evidence, (propose, updates, first, why, second) => {
      const h = history(covered);
      h.decide(actor('red', 'delegate'), propose);
      const committing = propose.party;
      h.decide(actor(committing, 'principal'), { type: 'commit' });
      for (const u of updates) h.decide(actor(committing, 'delegate'), u);
      h.decide(actor(committing, 'delegate'), { type: 'deliver', evidence: first });
      h.decide(actor(other(committing), 'delegate'), { type: 'dispute', reason: why, delivery: h.state().delivery! });
      h.decide(actor(committing, 'delegate'), { type: 'deliver', evidence: second });
      h.decide(actor(other(committing), 'principal'), { type: 'confirm' });
    }), { numRuns: 150 });
    expect([...covered].sort()).toEqual(TYPES.filter((t) => t !== 'commitment.withdrawn').sort());
  });

  it('given a proposal withdrawn by its proposer (a reason or none) or a commitment withdrawn by its party, then the withdrawal passes', () => {
    const covered = new Set<string>();
    fc.assert(fc.property(proposal, fc.option(fc.oneof(reason, fc.constantFrom('', '  ')), { nil: undefined }), reason, fc.boolean(),
      (propose, proposerReason, committingReason, committed) => {
        const h = history(covered);
        h.decide(actor('red', 'delegate'), propose);
        if (committed) {
          h.decide(actor(propose.party, 'principal'), { type: 'commit' });
          h.decide(actor(propose.party, 'delegate'), { type: 'withdraw', reason: committingReason });
        } else {
          h.decide(actor('red', 'principal'), { type: 'withdraw', ...(proposerReason === undefined ? {} : { reason: proposerReason }) });
        }
      }), { numRuns: 100 });
    expect([...covered].sort()).toEqual(['commitment.committed', 'commitment.proposed', 'commitment.withdrawn']);
  });

  it('given any CSV row the import accepts, when its commands are decided as the import does, then the bodies pass', () => {
    const covered = new Set<string>();
    const cell = <T>(arb: fc.Arbitrary<T>) => fc.option(arb.map(String), { nil: '' });
    const row = fc.record({
      progress: cell(fc.integer({ min: 0, max: 100 })), review: cell(date), reference: cell(reference.map((r) => ` ${r}`)),
      en: cell(text), zh: cell(text), links: fc.array(link, { maxLength: 3 }).map((l) => l.join(' ')),
    });
    fc.assert(fc.property(proposal, update, row, (propose, before, r) => {
      const h = history(covered);
      h.decide(actor('red', 'delegate'), propose);
      h.decide(actor(propose.party, 'principal'), { type: 'commit' });
      h.decide(actor(propose.party, 'delegate'), before);
      const csv = writeCsv([
        ['id', 'progress', 'review_date', 'reference', 'delivered_at', 'evidence.en', 'evidence.zh-Hans', 'evidence_links'],
        ['e1', r.progress, r.review, r.reference, '', r.en, r.zh, r.links],
      ]);
      const parsed = parseCommitmentCsv(csv);
      expect(parsed.errors).toEqual([]);
      const state = h.state();
      for (const parsedRow of parsed.rows) {
        const change = compareCommitmentCsvRow(parsedRow, { state, version: 1 });
        // The import decides every command of a row against the commitment as it was before the row.
        if (change.type === 'changed') for (const command of change.commands) h.decide(actor(propose.party, 'delegate'), command, state);
      }
    }), { numRuns: 150 });
    expect(covered).toContain('commitment.updated');
    expect(covered).toContain('commitment.delivered');
  });
});

describe('commitment bodies no decider writes are refused, naming the field', () => {
  const title = { en: 'Publish the procedure' };
  const proposed = { workingGroup: 'wg1', party: 'blue', title, due: '2026-06-30' };
  const ms = { date: '2026-04-01', text: { en: 'Draft' }, done: false };

  it.each<[string, unknown, string]>([
    ['body not an object', ['x'], 'body_invalid body'],
    ['an extra field', { ...proposed, status: 'confirmed' }, 'field_unknown body.status'],
    ['no working group', { ...proposed, workingGroup: undefined }, 'working_group_missing body.workingGroup'],
    ['an over-long meeting id', { ...proposed, meeting: 'm'.repeat(201) }, 'meeting_invalid body.meeting'],
    ['a party that is not an id', { ...proposed, party: 42 }, 'party_unknown body.party'],
    ['a party not of the dialogue', { ...proposed, party: 'green' }, 'party_unknown body.party'],
    ['no title', { ...proposed, title: undefined }, 'text_invalid body.title'],
    ['a title that is a string', { ...proposed, title: 'Publish' }, 'text_invalid body.title'],
    ['an object where text is expected', { ...proposed, title: { en: { nested: 'x' } } }, 'text_empty body.title.en'],
    ['an over-long title', { ...proposed, title: { en: 'x'.repeat(100_001) } }, 'text_too_long body.title.en'],
    ['a bad language tag', { ...proposed, description: { English: 'x' } }, 'language_tag_invalid body.description.English'],
    ['no due date', { ...proposed, due: undefined }, 'date_invalid body.due'],
    ['a due date that is no date', { ...proposed, due: '30/06/2026' }, 'date_invalid body.due'],
    ['milestones that are not a list', { ...proposed, milestones: 'soon' }, 'milestones_invalid body.milestones'],
    ['an empty milestone list (left out when empty)', { ...proposed, milestones: [] }, 'milestones_invalid body.milestones'],
    ['a milestone that is not an object', { ...proposed, milestones: [null] }, 'milestone_invalid body.milestones[0]'],
    ['a milestone without done', { ...proposed, milestones: [{ date: ms.date, text: ms.text }] }, 'flag_invalid body.milestones[0].done'],
    ['a milestone with a bad date', { ...proposed, milestones: [ms, { ...ms, date: 'soon' }] }, 'date_invalid body.milestones[1].date'],
    ['a milestone whose text is a string', { ...proposed, milestones: [{ ...ms, text: 'Draft' }] }, 'text_invalid body.milestones[0].text'],
    ['a milestone with an extra field', { ...proposed, milestones: [{ ...ms, owner: 'x' }] }, 'field_unknown body.milestones[0].owner'],
    ['101 milestones', { ...proposed, milestones: Array.from({ length: 101 }, () => ms) }, 'too_many_milestones body.milestones'],
    ['a review date that is a number', { ...proposed, reviewDate: 20260501 }, 'date_invalid body.reviewDate'],
    ['a reference of two lines', { ...proposed, reference: 'a\nb' }, 'reference_invalid body.reference'],
    ['an over-long reference', { ...proposed, reference: 'r'.repeat(201) }, 'reference_too_long body.reference'],
  ])('commitment.proposed with %s', (_case, body, expected) => {
    expect(refusal('commitment.proposed', body)).toBe(expected);
  });

  it.each<[string, string, unknown, string]>([
    ['committed', 'no target', {}, 'target_invalid body.target'],
    ['committed', 'a target that is not an id', { target: { id: 'e1' } }, 'target_invalid body.target'],
    ['committed', 'an extra field', { target: 'e1', note: 'x' }, 'field_unknown body.note'],
    ['updated', 'nothing to update', { target: 'e1' }, 'update_empty body'],
    ['updated', 'a progress over 100', { target: 'e1', progress: 101 }, 'progress_invalid body.progress'],
    ['updated', 'a progress that is text', { target: 'e1', progress: '50' }, 'progress_invalid body.progress'],
    ['updated', 'milestones that are an object', { target: 'e1', milestones: { 0: ms } }, 'milestones_invalid body.milestones'],
    ['updated', 'a review date that is no date', { target: 'e1', reviewDate: 'May' }, 'date_invalid body.reviewDate'],
    ['updated', 'a reference that is a number', { target: 'e1', reference: 7 }, 'reference_invalid body.reference'],
    ['updated', 'a field that cannot be updated', { target: 'e1', due: '2027-01-01' }, 'field_unknown body.due'],
    ['delivered', 'no evidence', { target: 'e1' }, 'evidence_missing body.evidence'],
    ['delivered', 'empty evidence', { target: 'e1', evidence: {} }, 'evidence_missing body.evidence'],
    ['delivered', 'evidence that is text', { target: 'e1', evidence: 'see annex' }, 'evidence_missing body.evidence'],
    ['delivered', 'an extra evidence field', { target: 'e1', evidence: { text: title, html: '<b>' } }, 'field_unknown body.evidence.html'],
    ['delivered', 'evidence text that is not text', { target: 'e1', evidence: { text: { en: ['x'] } } }, 'text_empty body.evidence.text.en'],
    ['delivered', 'links that are one string', { target: 'e1', evidence: { links: 'https://example.org' } }, 'links_invalid body.evidence.links'],
    ['delivered', 'an empty link list (left out when empty)', { target: 'e1', evidence: { text: title, links: [] } }, 'links_invalid body.evidence.links'],
    ['delivered', 'a link that is not an absolute URL', { target: 'e1', evidence: { links: ['https://example.org', 'annex 3'] } }, 'link_invalid body.evidence.links[1]'],
    ['delivered', 'a link with white space', { target: 'e1', evidence: { links: ['https://example.org/a b'] } }, 'link_invalid body.evidence.links[0]'],
    ['delivered', 'an over-long link', { target: 'e1', evidence: { links: [`https://example.org/${'a'.repeat(2000)}`] } }, 'link_invalid body.evidence.links[0]'],
    ['delivered', 'a link that is not text', { target: 'e1', evidence: { links: [{ href: 'https://example.org' }] } }, 'link_invalid body.evidence.links[0]'],
    ['delivered', '21 links', { target: 'e1', evidence: { links: Array.from({ length: 21 }, (_, i) => `https://example.org/${i}`) } }, 'too_many_links body.evidence.links'],
    ['confirmed', 'no delivery', { target: 'e1' }, 'delivery_invalid body.delivery'],
    ['confirmed', 'a reason', { target: 'e1', delivery: 'e3', reason: 'fine' }, 'field_unknown body.reason'],
    ['disputed', 'no reason', { target: 'e1', delivery: 'e3' }, 'reason_missing body.reason'],
    ['disputed', 'a blank reason', { target: 'e1', delivery: 'e3', reason: ' ' }, 'reason_missing body.reason'],
    ['disputed', 'a reason that is not text', { target: 'e1', delivery: 'e3', reason: { en: 'no' } }, 'reason_invalid body.reason'],
    ['disputed', 'an over-long reason', { target: 'e1', delivery: 'e3', reason: 'r'.repeat(10_001) }, 'reason_too_long body.reason'],
    ['withdrawn', 'a blank reason (left out when blank)', { target: 'e1', reason: '' }, 'reason_missing body.reason'],
    ['withdrawn', 'a reason that is a number', { target: 'e1', reason: 0 }, 'reason_invalid body.reason'],
  ])('commitment.%s with %s', (type, _case, body, expected) => {
    expect(refusal(`commitment.${type}`, body)).toBe(expected);
  });

  it('lets through what only state could refuse, a withheld body, and clearing values', () => {
    // A due date long past: the body is as a decider writes it (the clock is the author's).
    expect(refusal('commitment.proposed', { ...proposed, due: '2001-01-01' })).toBeUndefined();
    expect(refusal('commitment.updated', { target: 'e1', reviewDate: null, reference: null, milestones: [] })).toBeUndefined();
    expect(refusal('commitment.withdrawn', { target: 'e1' })).toBeUndefined();
    expect(refusal('commitment.proposed', undefined)).toBeUndefined();
    // Links of any scheme, as nodes before the http(s) rule recorded them: refusing one would
    // stop the author's chain. (This node records only http(s); its web app opens no other.)
    expect(refusal('commitment.delivered', { target: 'e1', evidence: { links: ['ftp://files.example.org/report.pdf', 'javascript:alert(1)'] } })).toBeUndefined();
  });

  it('refuses a type that is not a commitment event', () => {
    expect(refusal('readout.published', { meeting: 'm1', items: [] })).toBe('type_unknown type');
    expect(TYPES).toHaveLength(7);
  });
});
