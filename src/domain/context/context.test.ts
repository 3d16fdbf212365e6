import { describe, expect, it } from 'vitest';
import { actor, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { contextEvents, isRfc3339Date } from './index.js';

const ctx = spec(contextEvents);
const summit = {
  title: { en: 'Leaders meet in Geneva', 'zh-Hans': '领导人在日内瓦会晤' },
  date: '2026-02-20',
  category: 'summit' as const,
  source: { text: { en: 'Joint press release' }, url: 'https://example.org/release' },
};
const recorded: GivenEvent = { party: 'red', type: 'context.recorded', body: summit };
const corrected: GivenEvent = { party: 'red', type: 'context.corrected', body: { target: 'e1', changes: { date: '2026-02-21' }, reason: 'Wrong day' }, time: '2026-03-02T00:00:00.000Z' };
const notetaker = actor('red', 'notetaker');

describe('recording a context event', () => {
  it('given nothing, when a note-taker records a summit, then context.recorded with its fields', () => {
    ctx.given().when(notetaker, { type: 'record', event: summit }).then([{ type: 'context.recorded', body: summit }]);
  });

  it('stores a date-time in UTC and keeps a full date as a date', () => {
    ctx.given().when(notetaker, { type: 'record', event: { ...summit, date: '2026-02-20T14:00:00+08:00' } })
      .then([{ type: 'context.recorded', body: { ...summit, date: '2026-02-20T06:00:00.000Z' } }]);
  });

  it.each([
    ['date', '2026-02-30', 'date_invalid', 'event.date'],
    ['date', '20 Feb 2026', 'date_invalid', 'event.date'],
    ['date', '2026-02-20T25:00:00Z', 'date_invalid', 'event.date'],
    ['category', 'rumour', 'category_invalid', 'event.category'],
    ['source', { text: { en: 'Radio' }, url: 'javascript:alert(1)' }, 'url_invalid', 'event.source.url'],
    ['source', { text: { en: 'Radio' }, url: 'not a url' }, 'url_invalid', 'event.source.url'],
    ['source', { text: {} }, 'text_empty', 'event.source.text'],
    ['title', { en: '' }, 'text_empty', 'event.title.en'],
  ])('given %s %j, then %s naming %s', (field, value, code, name) => {
    ctx.given().when(notetaker, { type: 'record', event: { ...summit, [field]: value } as never }).thenError(code, name);
  });

  it('requires a source', () => {
    const { source: _source, ...withoutSource } = summit;
    ctx.given().when(notetaker, { type: 'record', event: withoutSource as never }).thenError('source_missing', 'event.source');
  });

  it('refuses an observer', () => {
    ctx.given().when(actor('red', 'observer'), { type: 'record', event: summit }).thenError('role_not_allowed');
  });

  it('is indexed by the date it happened and the recording party', () => {
    expect(contextEvents.index(stateOf(contextEvents, [recorded])!)).toEqual({ status: 'recorded', parent: null, party: 'red', date: '2026-02-20' });
  });

  it('accepts RFC 3339 dates and date-times, leap days included', () => {
    expect(['2024-02-29', '2026-03-01T09:00:00Z', '2026-03-01t09:00:00.5+05:30'].every(isRfc3339Date)).toBe(true);
    expect(['2025-02-29', '2026-13-01', '2026-03-01T09:00Z', '2026-03-01 09:00:00Z'].some(isRfc3339Date)).toBe(false);
  });
});

describe('correcting a context event', () => {
  it('given a recorded event, when its party corrects the date, then only the changed field is on the record', () => {
    ctx.given([recorded]).when(notetaker, { type: 'correct', changes: { date: '2026-02-21', category: 'summit' }, reason: 'Wrong day' })
      .then([{ type: 'context.corrected', body: { target: 'e1', changes: { date: '2026-02-21' }, reason: 'Wrong day' } }]);
  });

  it('the correction changes the field and keeps the value before', () => {
    const state = stateOf(contextEvents, [recorded, corrected])!;
    expect(state.status).toBe('corrected');
    expect(state.fields?.date).toBe('2026-02-21');
    expect(state.fields?.title).toEqual(summit.title);
    expect(state.corrections).toEqual([{ id: 'e2', at: '2026-03-02T00:00:00.000Z', reason: 'Wrong day', changed: ['date'], before: { date: '2026-02-20' } }]);
    expect(contextEvents.index(state).date).toBe('2026-02-21');
  });

  it('refuses a correction that changes nothing', () => {
    ctx.given([recorded]).when(notetaker, { type: 'correct', changes: { date: '2026-02-20' } }).thenError('nothing_changed', 'changes');
    ctx.given([recorded]).when(notetaker, { type: 'correct', changes: {} }).thenError('nothing_changed', 'changes');
  });

  it('validates corrected fields like recorded ones', () => {
    ctx.given([recorded]).when(notetaker, { type: 'correct', changes: { date: 'yesterday' } }).thenError('date_invalid', 'changes.date');
  });

  it('refuses the other party correcting it, and ignores such an event on replay', () => {
    ctx.given([recorded]).when(actor('blue', 'delegate'), { type: 'correct', changes: { date: '2026-02-22' } }).thenError('not_recorder');
    expect(stateOf(contextEvents, [recorded, { ...corrected, party: 'blue' }])!.fields?.date).toBe('2026-02-20');
  });

  it('refuses correcting an unknown context event', () => {
    ctx.given().when(notetaker, { type: 'correct', changes: { date: '2026-02-22' } }).thenError('context_event_not_found', 'target');
  });

  it('a redacted recording keeps the entry without content; a later correction fills in what it names', () => {
    const state = stateOf(contextEvents, [{ ...recorded, body: undefined as never }])!;
    expect(state.fields).toBeNull();
    expect(contextEvents.index(state).date).toBe(state.recordedAt);
    expect(stateOf(contextEvents, [{ ...recorded, body: undefined as never }, corrected])!.fields).toEqual({ date: '2026-02-21' });
  });
});
