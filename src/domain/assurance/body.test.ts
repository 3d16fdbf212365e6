// What the inbox accepts of another node's assurance events (body.ts): exactly what this
// node's decider writes. Given any lifecycle the decider accepts, then every body passes;
// given a body no decider writes, then the check names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodySpec, reason, text } from '../testing/body-spec.js';
import { actor } from '../testing/decider-spec.js';
import { assurances } from './index.js';

const spec = bodySpec(assurances);
const red = actor('red', 'principal');
const blue = actor('blue', 'duty_officer');
const statement = { en: 'This exercise is not directed at any party.' };

describe('assurance bodies from another node', () => {
  it('given any lifecycle the decider accepts, when its events arrive, then every body passes', () => {
    fc.assert(fc.property(
      text, fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: undefined }), fc.boolean(), fc.boolean(), reason,
      (said, notice, acknowledge, withdraw, why) => {
        const run = spec.lifecycle();
        run.decide(red, { type: 'give', statement: said, ...(notice ? { notice, noticeBy: 'red' } : {}) });
        if (acknowledge) run.decide(blue, { type: 'acknowledge' });
        if (withdraw) run.decide(red, { type: 'withdraw', reason: why });
      },
    ), { numRuns: 60 });
    const run = spec.lifecycle();
    run.decide(red, { type: 'give', statement });
    run.decide(blue, { type: 'acknowledge' });
    run.decide(red, { type: 'withdraw' });
    spec.expectEveryTypeChecked();
  });

  it('given bodies no decider writes, then each is refused naming the field', () => {
    expect(spec.refusal('assurance.given', undefined)).toBeUndefined();
    expect(spec.refusal('assurance.given', { statement, notice: 'n1' })).toBeUndefined();
    expect(spec.refusal('assurance.given', 'Not directed at you')).toBe('body_invalid body');
    expect(spec.refusal('assurance.given', {})).toBe('text_invalid body.statement');
    expect(spec.refusal('assurance.given', { statement: 'Not directed at you' })).toBe('text_invalid body.statement');
    expect(spec.refusal('assurance.given', { statement: { en: { html: '<b>x</b>' } } })).toBe('text_empty body.statement.en');
    expect(spec.refusal('assurance.given', { statement: {} })).toBe('text_empty body.statement');
    expect(spec.refusal('assurance.given', { statement, notice: ['n1'] })).toBe('reference_invalid body.notice');
    expect(spec.refusal('assurance.given', { statement, notice: 'n'.repeat(201) })).toBe('reference_invalid body.notice');
    expect(spec.refusal('assurance.given', { statement, signedBy: 'Minister' })).toBe('field_unknown body.signedBy');
    expect(spec.refusal('assurance.acknowledged', { target: 'e1' }, 'blue')).toBeUndefined();
    expect(spec.refusal('assurance.acknowledged', { target: 'e1', at: 'now' }, 'blue')).toBe('field_unknown body.at');
    expect(spec.refusal('assurance.acknowledged', {}, 'blue')).toBe('target_invalid body.target');
    expect(spec.refusal('assurance.withdrawn', { target: 'e1', reason: '' })).toBe('reason_missing body.reason');
    expect(spec.refusal('assurance.withdrawn', { target: 'e1', reason: { en: 'x' } })).toBe('reason_invalid body.reason');
  });
});
