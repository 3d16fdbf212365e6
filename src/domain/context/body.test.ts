// What the inbox accepts of another node's context events (body.ts): exactly what this node's
// decider writes. Given any recording and corrections the decider accepts, then each body
// passes the check; given a body no decider writes, then the check names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { bodySpec } from '../testing/body-spec.js';
import { actor, DIALOGUE, NOW, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { CONTEXT_CATEGORIES, contextEvents, type ContextEventCommand } from './index.js';

/** `code field` of the refusal, or undefined when the body passes. */
const { refusal } = bodySpec(contextEvents);

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const defined = <T extends object>(record: T): T => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;

const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
const multilingual = fc.dictionary(fc.constantFrom('en', 'zh-Hans', 'fr'), text, { minKeys: 1, maxKeys: 3 });
/** Every form the decider takes: a full date, or a date-time with any offset, fraction and case (it stores UTC). */
const date = fc.tuple(
  fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
  fc.constantFrom('date', 'T', 't'), fc.constantFrom('', '.5', '.123456789'), fc.constantFrom('Z', 'z', '+01:00', '-02:00', '+05:30', '-23:59'),
).map(([d, form, fraction, offset]) => {
  const iso = d.toISOString();
  return form === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 10)}${form}${iso.slice(11, 19)}${fraction}${offset}`;
});
const url = fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true })
  .chain((u) => fc.constantFrom(u, ` ${u}`)).filter((u) => u.length <= 2000);
const source = fc.record({ text: multilingual, url: optional(url) }).map(defined);
const fields = {
  title: multilingual, date, category: fc.constantFrom(...CONTEXT_CATEGORIES), source, description: optional(multilingual),
};
const recording = fc.record(fields).map(defined);
const changes = fc.record(fields, { requiredKeys: [] }).map(defined);
const reason = fc.option(fc.oneof(text, fc.constantFrom('', '   ')), { nil: undefined });

describe('context bodies the decider writes pass', () => {
  it('given any recording and corrections the decider accepts, when each body arrives, then it passes', () => {
    const covered = new Set<string>();
    fc.assert(fc.property(recording, fc.array(fc.tuple(changes, reason), { maxLength: 3 }), (event, corrections) => {
      const events: GivenEvent[] = [];
      const decide = (command: ContextEventCommand) => {
        const who = actor('red', 'notetaker');
        for (const written of contextEvents.decide(command, stateOf(contextEvents, events), { actor: who, dialogue: DIALOGUE, now: NOW })) {
          expect(refusal(written.type, written.body), JSON.stringify(written)).toBeUndefined();
          covered.add(written.type);
          events.push({ party: who.party, ...written });
        }
      };
      decide({ type: 'record', event });
      for (const [change, why] of corrections) {
        try {
          decide({ type: 'correct', changes: change, ...(why === undefined ? {} : { reason: why }) });
        } catch (error) {
          // A correction to the values the entry already has writes nothing.
          if (!(error instanceof DomainError) || error.code !== 'nothing_changed') throw error;
        }
      }
    }), { numRuns: 200 });
    expect([...covered].sort()).toEqual([...contextEvents.creates, ...contextEvents.changes].sort());
  });

  it('given a date-time whose UTC form leaves the 4-digit years, then the date the decider writes passes', () => {
    const summit = { title: { en: 'Summit' }, category: 'summit' as const, source: { text: { en: 'Press' } } };
    for (const [given, stored] of [['0000-01-01T00:00:00+01:00', '-000001-12-31T23:00:00.000Z'], ['9999-12-31T23:00:00-02:00', '+010000-01-01T01:00:00.000Z']]) {
      const [event] = contextEvents.decide({ type: 'record', event: { ...summit, date: given! } }, undefined,
        { actor: actor('red', 'delegate'), dialogue: DIALOGUE, now: NOW });
      expect(event!.body).toMatchObject({ date: stored });
      expect(refusal(event!.type, event!.body)).toBeUndefined();
    }
  });
});

describe('context bodies no decider writes are refused, naming the field', () => {
  const summit = { title: { en: 'Leaders meet' }, date: '2026-02-20', category: 'summit', source: { text: { en: 'Press release' }, url: 'https://example.org/r' } };
  const without = (field: keyof typeof summit) => Object.fromEntries(Object.entries(summit).filter(([key]) => key !== field));

  it.each<[string, unknown, string]>([
    ['a body that is a list', [summit], 'body_invalid body'],
    ['an extra field', { ...summit, reason: 'x' }, 'field_unknown body.reason'],
    ['no title', without('title'), 'title_missing body.title'],
    ['no date', without('date'), 'date_missing body.date'],
    ['no category', without('category'), 'category_missing body.category'],
    ['no source', without('source'), 'source_missing body.source'],
    ['a title that is a string', { ...summit, title: 'Leaders meet' }, 'text_invalid body.title'],
    ['an object where text is expected', { ...summit, title: { en: { b: 'x' } } }, 'text_empty body.title.en'],
    ['an over-long title', { ...summit, title: { en: 'x'.repeat(100_001) } }, 'text_too_long body.title.en'],
    ['a description that is null', { ...summit, description: null }, 'text_invalid body.description'],
    ['a date that is a number', { ...summit, date: 20260220 }, 'date_invalid body.date'],
    ['a date that is no day', { ...summit, date: '2026-02-30' }, 'date_invalid body.date'],
    ['a date-time not in UTC', { ...summit, date: '2026-02-20T14:00:00+08:00' }, 'date_invalid body.date'],
    ['a UTC date-time not as the node writes it', { ...summit, date: '2026-02-20T06:00:00Z' }, 'date_invalid body.date'],
    ['an unknown category', { ...summit, category: 'rumour' }, 'category_invalid body.category'],
    ['a source that is text', { ...summit, source: 'Radio' }, 'source_invalid body.source'],
    ['a source without text', { ...summit, source: { url: 'https://example.org' } }, 'text_invalid body.source.text'],
    ['a source with an extra field', { ...summit, source: { ...summit.source, author: 'x' } }, 'field_unknown body.source.author'],
    ['a javascript: source URL', { ...summit, source: { ...summit.source, url: 'javascript:alert(1)' } }, 'url_invalid body.source.url'],
    ['a source URL that is no URL', { ...summit, source: { ...summit.source, url: 'not a url' } }, 'url_invalid body.source.url'],
    ['a source URL in a list', { ...summit, source: { ...summit.source, url: ['https://example.org'] } }, 'url_invalid body.source.url'],
    ['an over-long source URL', { ...summit, source: { ...summit.source, url: `https://example.org/${'a'.repeat(2000)}` } }, 'url_invalid body.source.url'],
  ])('context.recorded with %s', (_case, body, expected) => {
    expect(refusal('context.recorded', body)).toBe(expected);
  });

  it.each<[string, unknown, string]>([
    ['no target', { changes: { date: '2026-02-21' } }, 'target_invalid body.target'],
    ['no changes', { target: 'e1', reason: 'Wrong day' }, 'changes_invalid body.changes'],
    ['changes that are a list', { target: 'e1', changes: [{ date: '2026-02-21' }] }, 'changes_invalid body.changes'],
    ['no change', { target: 'e1', changes: {} }, 'nothing_changed body.changes'],
    ['a change to an unknown field', { target: 'e1', changes: { status: 'x' } }, 'field_unknown body.changes.status'],
    ['a removed field', { target: 'e1', changes: { description: null } }, 'text_invalid body.changes.description'],
    ['a date-time not in UTC', { target: 'e1', changes: { date: '2026-02-21T10:00:00+01:00' } }, 'date_invalid body.changes.date'],
    ['a javascript: source URL', { target: 'e1', changes: { source: { text: { en: 'x' }, url: 'javascript:x' } } }, 'url_invalid body.changes.source.url'],
    ['a blank reason (left out when blank)', { target: 'e1', changes: { date: '2026-02-21' }, reason: ' ' }, 'reason_missing body.reason'],
    ['a reason that is not text', { target: 'e1', changes: { date: '2026-02-21' }, reason: ['Wrong day'] }, 'reason_invalid body.reason'],
    ['an over-long reason', { target: 'e1', changes: { date: '2026-02-21' }, reason: 'r'.repeat(10_001) }, 'reason_too_long body.reason'],
    ['an extra field', { target: 'e1', changes: { date: '2026-02-21' }, by: 'blue' }, 'field_unknown body.by'],
  ])('context.corrected with %s', (_case, body, expected) => {
    expect(refusal('context.corrected', body)).toBe(expected);
  });

  it('lets through a correction of any one field, a UTC date-time as the node writes it, and a withheld body', () => {
    expect(refusal('context.corrected', { target: 'e1', changes: { date: '2026-02-21T06:00:00.000Z' } })).toBeUndefined();
    expect(refusal('context.recorded', { ...summit, source: { text: { en: 'Radio' } }, description: { en: 'More' } })).toBeUndefined();
    expect(refusal('context.recorded', undefined)).toBeUndefined();
  });
});
