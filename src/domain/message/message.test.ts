import { describe, expect, it } from 'vitest';
import type { DialogueId, MemberId, PartyId } from '../../record/index.js';
import { DIALOGUE, actor, recorded, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { messages } from './index.js';

const msg = spec(messages);
const note = { kind: 'formal_note', text: { en: 'We request consultations.' }, workingGroup: 'wg1', requiresAcknowledgement: true };
const posted: GivenEvent = { party: 'red', type: 'message.posted', body: note };
const delivered: GivenEvent = { party: 'blue', type: 'message.delivered', body: { target: 'e1' }, time: '2026-03-01T09:00:02.000Z' };
const acknowledged: GivenEvent = { party: 'blue', type: 'message.acknowledged', body: { target: 'e1' }, time: '2026-03-01T09:30:00.000Z' };
const blueNode = actor('blue');
const blueDuty = actor('blue', 'duty_officer');

describe('posting through the aggregate', () => {
  it('given nothing, when a delegate posts a formal note in a working group asking for acknowledgement, then message.posted carries it', () => {
    msg.given().when(actor('red', 'delegate'), {
      type: 'post_message', kind: 'formal_note', text: { en: 'We request consultations.' }, workingGroup: 'wg1', requiresAcknowledgement: true,
    }).then([{ type: 'message.posted', body: note }]);
  });

  it('records a reply by the id it answers, and leaves out an acknowledgement not asked for', () => {
    msg.given().when(actor('blue', 'principal'), { type: 'post_message', kind: 'informal', text: { en: 'Agreed.' }, replyTo: 'e1', requiresAcknowledgement: false })
      .then([{ type: 'message.posted', body: { kind: 'informal', text: { en: 'Agreed.' }, replyTo: 'e1' } }]);
    msg.given().when(actor('blue', 'principal'), { type: 'post_message', kind: 'informal', text: { en: 'x' }, replyTo: ' ' })
      .thenError('reference_invalid', 'replyTo');
  });

  it('given a posted message, every other party is a recipient awaiting delivery', () => {
    const state = stateOf(messages, [posted])!;
    expect(state).toMatchObject({ status: 'posted', party: 'red', workingGroup: 'wg1', requiresAcknowledgement: true });
    expect(state.recipients).toEqual({ blue: { deliveredAt: null, acknowledgedAt: null, acknowledgedBy: null } });
    expect(messages.index(state)).toEqual({ status: 'posted', parent: 'wg1', party: 'red', date: state.postedAt });
  });
});

describe('delivery receipts', () => {
  it('given a message, when the recipient party\'s node records delivery, then message.delivered', () => {
    msg.given([posted]).when(blueNode, { type: 'record_delivery' }).then([{ type: 'message.delivered', body: { target: 'e1' } }]);
  });

  it('marks the recipient delivered at the receipt\'s time', () => {
    const state = stateOf(messages, [posted, delivered])!;
    expect(state.status).toBe('delivered');
    expect(state.recipients.blue?.deliveredAt).toBe('2026-03-01T09:00:02.000Z');
  });

  it('refuses a receipt by the author party and a second receipt', () => {
    msg.given([posted]).when(actor('red'), { type: 'record_delivery' }).thenError('not_recipient');
    msg.given([posted, delivered]).when(blueNode, { type: 'record_delivery' }).thenError('already_delivered');
  });

  it('with three parties, delivered only when every recipient party receipted', () => {
    const three = { id: 'd1' as DialogueId, parties: ['red', 'blue', 'green'] as PartyId[] };
    expect(stateOf(messages, [posted, delivered], undefined, three)!.status).toBe('posted');
    expect(stateOf(messages, [posted, delivered, { ...delivered, party: 'green' }], undefined, three)!.status).toBe('delivered');
  });

  it('ignores on replay a receipt from the author party or a duplicate one', () => {
    expect(stateOf(messages, [posted, { ...delivered, party: 'red' }])!.status).toBe('posted');
    const twice = stateOf(messages, [posted, delivered, { ...delivered, time: '2026-03-05T00:00:00.000Z' }])!;
    expect(twice.recipients.blue?.deliveredAt).toBe('2026-03-01T09:00:02.000Z');
  });
});

describe('acknowledgements', () => {
  it('given a delivered message, when a recipient\'s duty officer acknowledges, then message.acknowledged', () => {
    msg.given([posted, delivered]).when(blueDuty, { type: 'acknowledge' }).then([{ type: 'message.acknowledged', body: { target: 'e1' } }]);
  });

  it('records who acknowledged and when', () => {
    const state = stateOf(messages, [posted, delivered, acknowledged])!;
    expect(state.status).toBe('acknowledged');
    expect(state.recipients.blue).toMatchObject({ deliveredAt: '2026-03-01T09:00:02.000Z', acknowledgedAt: '2026-03-01T09:30:00.000Z' });
    // The harness records member null; a recorded acknowledgement names its member.
    const [first, second] = recorded([posted, acknowledged]);
    const byMember = messages.evolve(messages.evolve(undefined, first!, DIALOGUE), { ...second!, member: 'blue-duty' as MemberId }, DIALOGUE);
    expect(byMember.recipients.blue?.acknowledgedBy).toBe('blue-duty');
    expect(byMember.status).toBe('acknowledged');
  });

  it('only a recipient party acknowledges, only once, and only a member who may write', () => {
    msg.given([posted]).when(actor('red', 'principal'), { type: 'acknowledge' }).thenError('not_recipient');
    msg.given([posted, delivered, acknowledged]).when(blueDuty, { type: 'acknowledge' }).thenError('already_acknowledged');
    msg.given([posted]).when(actor('blue', 'observer'), { type: 'acknowledge' }).thenError('role_not_allowed');
  });

  it('refuses receipts and acknowledgements of an unknown message', () => {
    msg.given().when(blueNode, { type: 'record_delivery' }).thenError('message_not_found', 'target');
    msg.given().when(blueDuty, { type: 'acknowledge' }).thenError('message_not_found', 'target');
  });

  it('a redacted message keeps its receipts but not its content', () => {
    const state = stateOf(messages, [{ ...posted, body: undefined as never }, delivered])!;
    expect(state).toMatchObject({ status: 'delivered', text: null, kind: null, workingGroup: null, requiresAcknowledgement: false });
  });
});
