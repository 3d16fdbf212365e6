import { describe, expect, it } from 'vitest';
import { actor, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { assurances } from './index.js';

const a = spec(assurances);
const statement = { en: 'This exercise is not directed at any party.', 'zh-Hans': '此次演习不针对任何一方。' };
const given: GivenEvent = { party: 'red', type: 'assurance.given', body: { statement, notice: 'n1' } };
const redDelegate = actor('red', 'delegate');
const blueDuty = actor('blue', 'duty_officer');

describe('assurances', () => {
  it('a delegate gives one alone, or attached to its own party\'s notice', () => {
    a.given().when(redDelegate, { type: 'give', statement }).then([{ type: 'assurance.given', body: { statement } }]);
    a.given().when(redDelegate, { type: 'give', statement, notice: 'n1', noticeBy: 'red' }).then([{ type: 'assurance.given', body: { statement, notice: 'n1' } }]);
    a.given().when(redDelegate, { type: 'give', statement, notice: 'n1', noticeBy: 'blue' }).thenError('not_own_notice', 'notice');
    a.given().when(redDelegate, { type: 'give', statement, notice: ' ', noticeBy: 'red' }).thenError('reference_invalid', 'notice');
    a.given().when(redDelegate, { type: 'give', statement: {} }).thenError('text_empty', 'statement');
    a.given().when(actor('red', 'duty_officer'), { type: 'give', statement }).thenError('role_not_allowed');
    expect(assurances.index(stateOf(assurances, [given])!)).toEqual({ status: 'given', parent: 'n1', party: 'red', date: '2026-03-01T09:00:00.000Z' });
  });

  it('the other party acknowledges it once; the giver withdraws it', () => {
    a.given([given]).when(blueDuty, { type: 'acknowledge' }).then([{ type: 'assurance.acknowledged', body: { target: 'e1' } }]);
    a.given([given]).when(actor('red', 'principal'), { type: 'acknowledge' }).thenError('own_assurance');
    const acknowledged = [given, { party: 'blue', type: 'assurance.acknowledged', body: { target: 'e1' } }];
    expect(stateOf(assurances, acknowledged)).toMatchObject({ status: 'acknowledged', acknowledgements: { blue: '2026-03-01T09:00:00.000Z' } });
    a.given(acknowledged).when(blueDuty, { type: 'acknowledge' }).thenError('already_acknowledged');
    a.given(acknowledged).when(actor('blue', 'delegate'), { type: 'withdraw' }).thenError('not_giver');
    a.given(acknowledged).when(redDelegate, { type: 'withdraw', reason: 'Plans changed' })
      .then([{ type: 'assurance.withdrawn', body: { target: 'e1', reason: 'Plans changed' } }]);
    const withdrawn = [...acknowledged, { party: 'red', type: 'assurance.withdrawn', body: { target: 'e1' } }];
    expect(stateOf(assurances, withdrawn)?.status).toBe('withdrawn');
    a.given(withdrawn).when(blueDuty, { type: 'acknowledge' }).thenError('assurance_withdrawn');
    a.given().when(blueDuty, { type: 'acknowledge' }).thenError('assurance_not_found');
  });
});
