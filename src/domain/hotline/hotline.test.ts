import { describe, expect, it } from 'vitest';
import { nodeActor } from '../types.js';
import { actor, NOW, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { checkLadder, hotlineCalls } from './index.js';
import type { PartyId } from '../../record/index.js';

const calls = spec(hotlineCalls);
const redDuty = actor('red', 'duty_officer');
const blueDuty = actor('blue', 'duty_officer');
const blueNode = nodeActor('blue' as PartyId);
const body = { to: 'blue', precedence: 'flash', subject: { en: 'Intercept' }, message: { en: 'Call back', 'zh-Hans': '请回电' }, ackDeadlineSeconds: 600 };
const placed: GivenEvent = { party: 'red', type: 'hotline_call.placed', body };
const delivered: GivenEvent = { party: 'blue', type: 'hotline_call.delivered', body: { target: 'e1' } };
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

describe('hotline calls', () => {
  it('given nothing, when a duty officer places a flash call, then hotline_call.placed with the deadline in force', () => {
    calls.given().when(redDuty, { type: 'place', precedence: 'flash', subject: body.subject, message: body.message, ackDeadlineSeconds: 600 })
      .then([{ type: 'hotline_call.placed', body }]);
  });

  it('without terms injected, the default deadline of the precedence applies', () => {
    calls.given().when(redDuty, { type: 'place', precedence: 'routine', subject: body.subject, message: body.message })
      .then([{ type: 'hotline_call.placed', body: { ...body, precedence: 'routine', ackDeadlineSeconds: 86_400 } }]);
  });

  it('refuses note-takers, unknown precedences, calls to oneself and empty messages', () => {
    calls.given().when(actor('red', 'notetaker'), { type: 'place', precedence: 'flash', subject: body.subject, message: body.message }).thenError('role_not_allowed');
    calls.given().when(redDuty, { type: 'place', precedence: 'urgent' as never, subject: body.subject, message: body.message }).thenError('precedence_invalid', 'precedence');
    calls.given().when(redDuty, { type: 'place', to: 'red', precedence: 'flash', subject: body.subject, message: body.message }).thenError('recipient_invalid', 'to');
    calls.given().when(redDuty, { type: 'place', precedence: 'flash', subject: body.subject, message: {} }).thenError('text_empty', 'message');
  });

  it('given a call, only the receiving node records delivery, once', () => {
    calls.given([placed]).when(blueNode, { type: 'record_delivery' }).then([{ type: 'hotline_call.delivered', body: { target: 'e1' } }]);
    calls.given([placed]).when(blueDuty, { type: 'record_delivery' }).thenError('node_only');
    calls.given([placed]).when(nodeActor('red' as PartyId), { type: 'record_delivery' }).thenError('not_recipient');
    calls.given([placed, delivered]).when(blueNode, { type: 'record_delivery' }).thenError('already_delivered');
    expect(stateOf(hotlineCalls, [placed, delivered])).toMatchObject({ status: 'delivered', deliveredAt: NOW.toISOString(), ackDueAt: at(10) });
  });

  it('given a delivered call, a duty officer of the called party acknowledges; latency = ack − delivery', () => {
    calls.given([placed, delivered]).when(blueDuty, { type: 'acknowledge' }).then([{ type: 'hotline_call.acknowledged', body: { target: 'e1' } }]);
    calls.given([placed, delivered]).when(redDuty, { type: 'acknowledge' }).thenError('not_recipient');
    calls.given([placed, delivered]).when(actor('blue', 'delegate'), { type: 'acknowledge' }).thenError('role_not_allowed');
    calls.given([placed]).when(blueDuty, { type: 'acknowledge' }).thenError('not_delivered');
    const acked = stateOf(hotlineCalls, [placed, delivered, { party: 'blue', type: 'hotline_call.acknowledged', body: { target: 'e1' }, time: at(4) }]);
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedAt: at(4), ackLatencyMs: 240_000, isAckLate: false });
    const late = stateOf(hotlineCalls, [placed, delivered, { party: 'blue', type: 'hotline_call.acknowledged', body: { target: 'e1' }, time: at(11) }]);
    expect(late).toMatchObject({ isAckLate: true });
  });

  it('answering an unacknowledged call acknowledges it first', () => {
    calls.given([placed, delivered]).when(blueDuty, { type: 'answer', message: { en: 'Received' } }).then([
      { type: 'hotline_call.acknowledged', body: { target: 'e1' } },
      { type: 'hotline_call.answered', body: { target: 'e1', message: { en: 'Received' } } },
    ]);
  });

  it('escalation is the receiving node’s, one level at a time, and never after acknowledgement', () => {
    calls.given([placed, delivered]).when(blueNode, { type: 'escalate', level: 1, dueAt: at(10) })
      .then([{ type: 'hotline_call.escalated', body: { target: 'e1', level: 1, dueAt: at(10) } }]);
    calls.given([placed, delivered]).when(blueNode, { type: 'escalate', level: 2, dueAt: at(10) }).thenError('escalation_out_of_order');
    calls.given([placed, delivered]).when(blueDuty, { type: 'escalate', level: 1, dueAt: at(10) }).thenError('node_only');
    const escalated: GivenEvent = { party: 'blue', type: 'hotline_call.escalated', body: { target: 'e1', level: 1, dueAt: at(10) } };
    calls.given([placed, delivered, escalated]).when(blueNode, { type: 'escalate', level: 1, dueAt: at(10) }).thenError('escalation_out_of_order');
    calls.given([placed, delivered, { party: 'blue', type: 'hotline_call.acknowledged', body: { target: 'e1' } }])
      .when(blueNode, { type: 'escalate', level: 1, dueAt: at(10) }).thenError('call_settled');
  });

  it('either party closes with an outcome; a closed call takes nothing more', () => {
    calls.given([placed, delivered]).when(redDuty, { type: 'close', outcome: 'resolved' }).then([{ type: 'hotline_call.closed', body: { target: 'e1', outcome: 'resolved' } }]);
    calls.given([placed, delivered]).when(redDuty, { type: 'close', outcome: 'maybe' as never }).thenError('outcome_invalid', 'outcome');
    const closed: GivenEvent = { party: 'red', type: 'hotline_call.closed', body: { target: 'e1', outcome: 'withdrawn' }, time: at(20) };
    expect(stateOf(hotlineCalls, [placed, delivered, closed])).toMatchObject({ status: 'closed', isAckLate: true, closed: { party: 'red', outcome: 'withdrawn' } });
    calls.given([placed, delivered, closed]).when(blueDuty, { type: 'acknowledge' }).thenError('call_closed');
  });

  it('a ladder needs rungs that page someone, with whole-second deadlines', () => {
    expect(() => checkLadder([])).toThrow(/at least one rung/);
    expect(() => checkLadder([{ roles: [], members: [], deadlineSeconds: 60 }])).toThrow(/role or member/);
    expect(() => checkLadder([{ roles: ['principal'], members: [], deadlineSeconds: 1.5 }])).toThrow(/whole number/);
    expect(checkLadder([{ name: 'sup', roles: ['principal', 'principal'], members: [], deadlineSeconds: 60 }])).toEqual([{ name: 'sup', roles: ['principal'], members: [], deadlineSeconds: 60 }]);
  });
});
