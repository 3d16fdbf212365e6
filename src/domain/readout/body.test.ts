// What the inbox accepts of another node's readout events (body.ts): exactly what this node's
// decider writes. Given any publication and revision the decider accepts, then its body passes
// the check; given a body no decider writes, then the check names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { bodySpec } from '../testing/body-spec.js';
import { actor, DIALOGUE, NOW, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import type { Actor } from '../types.js';
import { readouts, type ReadoutCommand } from './index.js';

/** `code field` of the refusal, or undefined when the body passes. */
const { refusal } = bodySpec(readouts);

const AGENDA_ITEMS = 12;
const found = { agendaItems: AGENDA_ITEMS };
const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
const multilingual = fc.dictionary(fc.constantFrom('en', 'zh-Hans', 'ru'), text, { minKeys: 1, maxKeys: 3 });
/** Items on the agenda, each at most once, in any order (the decider sorts them). */
const items = fc.uniqueArray(fc.nat({ max: AGENDA_ITEMS - 1 }), { maxLength: 6 })
  .chain((indices) => fc.tuple(...indices.map((item) => multilingual.map((t) => ({ item, text: t })))));
const content = fc.record({ items, general: fc.option(multilingual, { nil: undefined }) })
  .filter((c) => c.items.length > 0 || c.general !== undefined)
  .map((c) => ({ items: c.items, ...(c.general === undefined ? {} : { general: c.general }) }));

describe('readout bodies the decider writes pass', () => {
  it('given any publication and revisions the decider accepts, when each body arrives, then it passes', () => {
    const covered = new Set<string>();
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim() !== ''), content, fc.array(content, { maxLength: 3 }),
      (meeting, first, revisions) => {
        const events: GivenEvent[] = [];
        const decide = (who: Actor, command: ReadoutCommand) => {
          for (const event of readouts.decide(command, stateOf(readouts, events), { actor: who, dialogue: DIALOGUE, now: NOW })) {
            expect(refusal(event.type, event.body), JSON.stringify(event)).toBeUndefined();
            covered.add(event.type);
            events.push({ party: who.party, ...event });
          }
        };
        decide(actor('red', 'delegate'), { type: 'publish', meeting, ...first, found });
        for (const revision of revisions) {
          try {
            decide(actor('red', 'principal'), { type: 'revise', ...revision, found });
          } catch (error) {
            // The same content again is no revision: nothing is written.
            if (!(error instanceof DomainError) || error.code !== 'nothing_changed') throw error;
          }
        }
      }), { numRuns: 200 });
    expect([...covered].sort()).toEqual([...readouts.creates, ...readouts.changes].sort());
  });

  it('given the most items the decider takes, then the body passes', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ item: 199 - i, text: { en: `Item ${i}` } }));
    const [event] = readouts.decide({ type: 'publish', meeting: 'm1', items: many, found: { agendaItems: 200 } }, undefined,
      { actor: actor('red', 'delegate'), dialogue: DIALOGUE, now: NOW });
    expect(refusal(event!.type, event!.body)).toBeUndefined();
  });
});

describe('readout bodies no decider writes are refused, naming the field', () => {
  const item = { item: 0, text: { en: 'Reviewed the encounters.' } };
  const published = { meeting: 'm1', items: [item] };

  it.each<[string, unknown, string]>([
    ['a body that is text', 'readout', 'body_invalid body'],
    ['an extra field', { ...published, status: 'agreed' }, 'field_unknown body.status'],
    ['no meeting', { items: [item] }, 'meeting_missing body.meeting'],
    ['a blank meeting', { ...published, meeting: ' ' }, 'meeting_missing body.meeting'],
    ['no items', { meeting: 'm1', general: { en: 'Useful.' } }, 'items_invalid body.items'],
    ['items that are an object', { meeting: 'm1', items: { 0: item } }, 'items_invalid body.items'],
    ['nothing said', { meeting: 'm1', items: [] }, 'readout_empty body.items'],
    ['an item that is text', { meeting: 'm1', items: ['Reviewed'] }, 'item_invalid body.items[0]'],
    ['an item with an extra field', { meeting: 'm1', items: [{ ...item, html: '<b>' }] }, 'field_unknown body.items[0].html'],
    ['an item index that is text', { meeting: 'm1', items: [{ ...item, item: '0' }] }, 'item_index_invalid body.items[0].item'],
    ['a negative item index', { meeting: 'm1', items: [{ ...item, item: -1 }] }, 'item_index_invalid body.items[0].item'],
    ['a fractional item index', { meeting: 'm1', items: [{ ...item, item: 1.5 }] }, 'item_index_invalid body.items[0].item'],
    ['an item twice', { meeting: 'm1', items: [item, item] }, 'duplicate_item body.items[1].item'],
    ['items out of order', { meeting: 'm1', items: [{ ...item, item: 2 }, item] }, 'items_unsorted body.items[0].item'],
    ['an item text that is a string', { meeting: 'm1', items: [{ ...item, text: 'Reviewed' }] }, 'text_invalid body.items[0].text'],
    ['an object where text is expected', { meeting: 'm1', items: [{ ...item, text: { en: { b: 'x' } } }] }, 'text_empty body.items[0].text.en'],
    ['an over-long item text', { meeting: 'm1', items: [{ ...item, text: { en: 'x'.repeat(100_001) } }] }, 'text_too_long body.items[0].text.en'],
    ['a general text that is a string', { ...published, general: 'Useful.' }, 'text_invalid body.general'],
    ['an empty general text', { ...published, general: {} }, 'text_empty body.general'],
    ['201 items', { meeting: 'm1', items: Array.from({ length: 201 }, (_, i) => ({ item: i, text: { en: 'x' } })) }, 'too_many_items body.items'],
  ])('readout.published with %s', (_case, body, expected) => {
    expect(refusal('readout.published', body)).toBe(expected);
  });

  it('readout.revised names its target and carries no meeting', () => {
    expect(refusal('readout.revised', { items: [item] })).toBe('target_invalid body.target');
    expect(refusal('readout.revised', { target: 'e1', meeting: 'm2', items: [item] })).toBe('field_unknown body.meeting');
    expect(refusal('readout.revised', { target: 'e1', items: [item, { ...item, item: 0 }] })).toBe('duplicate_item body.items[1].item');
    expect(refusal('readout.revised', { target: 'e1', items: [], general: { en: 'Nothing more.' } })).toBeUndefined();
  });

  it('lets through an item index past an agenda this node may not have seen, and a withheld body', () => {
    expect(refusal('readout.published', { meeting: 'm1', items: [{ ...item, item: 57 }] })).toBeUndefined();
    expect(refusal('readout.published', undefined)).toBeUndefined();
  });
});
