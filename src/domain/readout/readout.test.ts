import { describe, expect, it } from 'vitest';
import { actor, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { readouts, type ReadoutItem } from './index.js';

const ro = spec(readouts);
const found = { agendaItems: 3 };
const items: ReadoutItem[] = [
  { item: 2, text: { en: 'No agreement on notification thresholds.' } },
  { item: 0, text: { en: 'Both sides reviewed the 2025 encounters.', 'zh-Hans': '双方回顾了2025年的相遇事件。' } },
];
const sorted = [items[1]!, items[0]!];
const published: GivenEvent = { party: 'red', type: 'readout.published', body: { meeting: 'm1', items: sorted, general: { en: 'Frank and useful.' } } };
const revised: GivenEvent = { party: 'red', type: 'readout.revised', body: { target: 'e1', items: [items[1]!], general: { en: 'Useful.' } }, time: '2026-03-02T10:00:00.000Z' };
const redDelegate = actor('red', 'delegate');

describe('publishing a readout', () => {
  it('given nothing, when a delegate publishes, then readout.published with items sorted by agenda index', () => {
    ro.given().when(redDelegate, { type: 'publish', meeting: 'm1', items, general: { en: 'Frank and useful.' }, found })
      .then([{ type: 'readout.published', body: { meeting: 'm1', items: sorted, general: { en: 'Frank and useful.' } } }]);
  });

  it('refuses a note-taker publishing (they may only draft, privately)', () => {
    ro.given().when(actor('red', 'notetaker'), { type: 'publish', meeting: 'm1', items, found }).thenError('role_not_allowed');
  });

  it('refuses a second published readout of the same party for the meeting', () => {
    ro.given().when(redDelegate, { type: 'publish', meeting: 'm1', items, found: { agendaItems: 3, published: { red: 'e7' } } })
      .thenError('already_published');
  });

  it('lets the other party publish its own when one side already has', () => {
    ro.given().when(actor('blue', 'principal'), { type: 'publish', meeting: 'm1', items, found: { agendaItems: 3, published: { red: 'e7' } } })
      .then([{ type: 'readout.published', body: { meeting: 'm1', items: sorted } }]);
  });

  it.each([
    [[{ item: 3, text: { en: 'x' } }], 'item_not_on_agenda', 'items[0].item'],
    [[{ item: -1, text: { en: 'x' } }], 'item_index_invalid', 'items[0].item'],
    [[{ item: 1.5, text: { en: 'x' } }], 'item_index_invalid', 'items[0].item'],
    [[{ item: 1, text: { en: 'x' } }, { item: 1, text: { en: 'y' } }], 'duplicate_item', 'items[1].item'],
    [[{ item: 0, text: { en: ' ' } }], 'text_empty', 'items[0].text.en'],
    [[], 'readout_empty', 'items'],
  ])('given items %j, then %s naming %s', (bad, code, field) => {
    ro.given().when(redDelegate, { type: 'publish', meeting: 'm1', items: bad, found }).thenError(code, field);
  });

  it('refuses a missing meeting and an empty general text', () => {
    ro.given().when(redDelegate, { type: 'publish', meeting: ' ', items, found }).thenError('meeting_missing', 'meeting');
    ro.given().when(redDelegate, { type: 'publish', meeting: 'm'.repeat(201), items, found }).thenError('meeting_missing', 'meeting');
    ro.given().when(redDelegate, { type: 'publish', meeting: 'm1', items: [], general: {}, found }).thenError('text_empty', 'general');
  });

  it('given a published readout, its state names meeting and author party, indexed by both', () => {
    const state = stateOf(readouts, [published])!;
    expect(state).toMatchObject({ id: 'e1', meeting: 'm1', party: 'red', status: 'published', version: 'e1', items: sorted, previous: [] });
    expect(readouts.index(state)).toEqual({ status: 'published', parent: 'm1', party: 'red', date: state.publishedAt });
  });
});

describe('revising a readout', () => {
  it('given a published readout, when its party revises, then readout.revised targets it', () => {
    ro.given([published]).when(actor('red', 'principal'), { type: 'revise', items: [items[1]!], general: { en: 'Useful.' }, found })
      .then([{ type: 'readout.revised', body: { target: 'e1', items: [items[1]!], general: { en: 'Useful.' } } }]);
  });

  it('the revision supersedes the content and keeps the previous version', () => {
    const state = stateOf(readouts, [published, revised])!;
    expect(state.version).toBe('e2');
    expect(state.items).toEqual([items[1]]);
    expect(state.general).toEqual({ en: 'Useful.' });
    expect(state.previous).toEqual([{ version: 'e1', at: state.publishedAt, member: null, items: sorted, general: { en: 'Frank and useful.' } }]);
    expect(readouts.index(state).date).toBe('2026-03-02T10:00:00.000Z');
  });

  it('refuses another party revising it: a readout is its author\'s own account', () => {
    ro.given([published]).when(actor('blue', 'principal'), { type: 'revise', items, found }).thenError('not_author');
  });

  it('an event of another party naming the readout does not change it on replay', () => {
    const forged: GivenEvent = { ...revised, party: 'blue' };
    expect(stateOf(readouts, [published, forged])!.items).toEqual(sorted);
  });

  it('refuses a revision identical to the current version, whatever the item order', () => {
    ro.given([published]).when(redDelegate, { type: 'revise', items, general: { en: 'Frank and useful.' }, found }).thenError('nothing_changed');
  });

  it('refuses revising an unknown readout', () => {
    ro.given().when(redDelegate, { type: 'revise', items, found }).thenError('readout_not_found', 'target');
  });

  it('a redacted publication keeps the readout but not its content', () => {
    const state = stateOf(readouts, [{ ...published, body: undefined as never }])!;
    expect(state).toMatchObject({ status: 'published', party: 'red', meeting: null, items: null, general: null });
  });
});
