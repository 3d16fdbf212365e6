import { describe, expect, it } from 'vitest';
import { actor, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { commitments, isDeliveredOnTime, statusAt } from './index.js';

const c = spec(commitments);
const title = { en: 'Publish the notification procedure for air intercepts', 'zh-Hans': '公布空中拦截通报程序' };
// red proposes that blue will publish by 30 June (the committing party is the other party).
const proposed: GivenEvent = { party: 'red', type: 'commitment.proposed', body: { workingGroup: 'wg1', party: 'blue', title, due: '2026-06-30' } };
const committed: GivenEvent = { party: 'blue', type: 'commitment.committed', body: { target: 'e1' } };
const evidence = { text: { en: 'Published in the gazette' }, links: ['https://example.org/gazette/12'] };
const delivered = (time?: string): GivenEvent => ({ party: 'blue', type: 'commitment.delivered', body: { target: 'e1', evidence }, ...(time ? { time } : {}) });
const disputed: GivenEvent = { party: 'red', type: 'commitment.disputed', body: { target: 'e1', delivery: 'e3', reason: 'Only the summary was published' } };
const redDelegate = actor('red', 'delegate');
const bluePrincipal = actor('blue', 'principal');
const blueDelegate = actor('blue', 'delegate');
const redPrincipal = actor('red', 'principal');

describe('proposing a commitment', () => {
  it('given nothing, when red proposes that blue will deliver by a date, then commitment.proposed naming blue', () => {
    c.given().when(redDelegate, { type: 'propose', workingGroup: 'wg1', party: 'blue', title, due: '2026-06-30' })
      .then([{ type: 'commitment.proposed', body: { workingGroup: 'wg1', party: 'blue', title, due: '2026-06-30' } }]);
  });

  it('carries the meeting, description, milestones, review date and reference it was given', () => {
    const milestones = [{ date: '2026-04-15', text: { en: 'Draft shared' } }];
    c.given().when(redDelegate, {
      type: 'propose', workingGroup: 'wg1', meeting: 'm7', party: 'red', title, description: { en: 'Both languages' },
      due: '2026-06-30T12:00:00+08:00', milestones, reviewDate: '2026-05-01', reference: 'MFA-1234',
    }).then([{ type: 'commitment.proposed', body: {
      workingGroup: 'wg1', meeting: 'm7', party: 'red', title, description: { en: 'Both languages' }, due: '2026-06-30T12:00:00+08:00',
      milestones: [{ date: '2026-04-15', text: { en: 'Draft shared' }, done: false }], reviewDate: '2026-05-01', reference: 'MFA-1234',
    } }]);
  });

  it('refuses bad input, naming the field', () => {
    const base = { type: 'propose' as const, workingGroup: 'wg1', party: 'blue', title, due: '2026-06-30' };
    c.given().when(redDelegate, { ...base, party: 'green' }).thenError('party_unknown', 'party');
    c.given().when(redDelegate, { ...base, due: '30/06/2026' }).thenError('date_invalid', 'due');
    c.given().when(redDelegate, { ...base, due: '2026-02-30' }).thenError('date_invalid', 'due');
    c.given().when(redDelegate, { ...base, due: '2026-02-28' }).thenError('due_in_past', 'due');
    c.given().when(redDelegate, { ...base, workingGroup: ' ' }).thenError('working_group_missing', 'workingGroup');
    c.given().when(redDelegate, { ...base, meeting: 'm'.repeat(201) }).thenError('meeting_invalid', 'meeting');
    c.given().when(redDelegate, { ...base, title: {} }).thenError('text_empty', 'title');
    c.given().when(redDelegate, { ...base, milestones: [{ date: 'soon', text: { en: 'x' } }] }).thenError('date_invalid', 'milestones[0].date');
    c.given().when(redDelegate, { ...base, reference: 'two\nlines' }).thenError('reference_invalid', 'reference');
  });

  it('refuses a note-taker proposing', () => {
    c.given().when(actor('red', 'notetaker'), { type: 'propose', workingGroup: 'wg1', party: 'blue', title, due: '2026-06-30' })
      .thenError('role_not_allowed');
  });

  it('indexes by working group, committing party, recorded status and due instant (a bare date: end of day UTC)', () => {
    expect(commitments.index(stateOf(commitments, [proposed])!)).toEqual({ status: 'proposed', parent: 'wg1', party: 'blue', date: '2026-06-30T23:59:59.999Z' });
  });
});

describe('committing', () => {
  it('given a proposal naming blue, a principal of blue commits it', () => {
    c.given([proposed]).when(bluePrincipal, { type: 'commit' }).then([{ type: 'commitment.committed', body: { target: 'e1' } }]);
    const state = stateOf(commitments, [proposed, committed]);
    expect(state?.status).toBe('committed');
    expect(state?.committedAt).toBe('2026-03-01T09:00:00.000Z');
  });

  it('nobody commits another party: a principal of red cannot commit blue, even as proposer', () => {
    const error = c.given([proposed]).when(redPrincipal, { type: 'commit' }).thenError('not_committing_party');
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain('only a principal of blue');
  });

  it('a delegate of blue cannot commit it (principals commit their party)', () => {
    c.given([proposed]).when(blueDelegate, { type: 'commit' }).thenError('role_not_allowed');
  });

  it('cannot be committed twice, nor when unknown', () => {
    c.given([proposed, committed]).when(bluePrincipal, { type: 'commit' }).thenError('not_proposed');
    c.given().when(bluePrincipal, { type: 'commit' }).thenError('commitment_not_found');
  });
});

describe('progress and tracking updates', () => {
  it('the committing party updates only the fields that changed', () => {
    c.given([proposed, committed]).when(blueDelegate, { type: 'update', progress: 40, reference: 'T-9', reviewDate: null })
      .then([{ type: 'commitment.updated', body: { target: 'e1', progress: 40, reference: 'T-9' } }]);
  });

  it('an update that changes nothing records nothing (a re-uploaded sheet is a no-op)', () => {
    const updated: GivenEvent = { party: 'blue', type: 'commitment.updated', body: { target: 'e1', progress: 40, reference: 'T-9' } };
    c.given([proposed, committed, updated]).when(blueDelegate, { type: 'update', progress: 40, reference: 'T-9' }).then([]);
    c.given([proposed, committed, updated]).when(blueDelegate, { type: 'update', reference: null })
      .then([{ type: 'commitment.updated', body: { target: 'e1', reference: null } }]);
  });

  it('updates evolve the state, null clears', () => {
    const milestones = [{ date: '2026-04-15', text: { en: 'Draft shared' }, done: true }];
    const state = stateOf(commitments, [proposed, committed,
      { party: 'blue', type: 'commitment.updated', body: { target: 'e1', progress: 60, milestones, reviewDate: '2026-05-01', reference: 'T-9' } },
      { party: 'blue', type: 'commitment.updated', body: { target: 'e1', reference: null } }]);
    expect(state).toMatchObject({ progress: 60, milestones, reviewDate: '2026-05-01', reference: null });
  });

  it('refuses a progress that is not an integer 0–100, an empty update, and the other party', () => {
    c.given([proposed, committed]).when(blueDelegate, { type: 'update', progress: 101 }).thenError('progress_invalid', 'progress');
    c.given([proposed, committed]).when(blueDelegate, { type: 'update', progress: 50.5 }).thenError('progress_invalid', 'progress');
    c.given([proposed, committed]).when(blueDelegate, { type: 'update' }).thenError('update_empty', 'update');
    c.given([proposed, committed]).when(redDelegate, { type: 'update', progress: 10 }).thenError('not_committing_party');
  });
});

describe('delivery, confirmation and dispute', () => {
  it('delivering a proposed (uncommitted) commitment is refused: it must be committed first', () => {
    const error = c.given([proposed]).when(blueDelegate, { type: 'deliver', evidence }).thenError('not_committed');
    expect(error.kind).toBe('conflict');
  });

  it('given a commitment, the committing party claims delivery with evidence', () => {
    c.given([proposed, committed]).when(blueDelegate, { type: 'deliver', evidence })
      .then([{ type: 'commitment.delivered', body: { target: 'e1', evidence } }]);
    const state = stateOf(commitments, [proposed, committed, delivered('2026-06-01T10:00:00.000Z')]);
    expect(state).toMatchObject({ status: 'delivered', delivery: 'e3', deliveredAt: '2026-06-01T10:00:00.000Z', evidence });
  });

  it('refuses delivery without evidence, with a bad link, by the other party, or twice', () => {
    c.given([proposed, committed]).when(blueDelegate, { type: 'deliver', evidence: {} }).thenError('evidence_missing', 'evidence');
    c.given([proposed, committed]).when(blueDelegate, { type: 'deliver', evidence: { links: ['not a url'] } }).thenError('link_invalid', 'evidence.links[0]');
    // Links the other side will open: http and https only.
    for (const link of ['javascript:alert(document.cookie)', 'data:text/html,<script>x</script>', 'file:///etc/passwd']) {
      c.given([proposed, committed]).when(blueDelegate, { type: 'deliver', evidence: { links: ['https://example.org/ok', link] } }).thenError('link_invalid', 'evidence.links[1]');
    }
    c.given([proposed, committed]).when(redDelegate, { type: 'deliver', evidence }).thenError('not_committing_party');
    c.given([proposed, committed, delivered()]).when(blueDelegate, { type: 'deliver', evidence }).thenError('already_delivered');
  });

  it('the counterpart confirms the delivery it saw', () => {
    c.given([proposed, committed, delivered()]).when(redDelegate, { type: 'confirm', delivery: 'e3' })
      .then([{ type: 'commitment.confirmed', body: { target: 'e1', delivery: 'e3' } }]);
    const state = stateOf(commitments, [proposed, committed, delivered(), { party: 'red', type: 'commitment.confirmed', body: { target: 'e1', delivery: 'e3' } }]);
    expect(state).toMatchObject({ status: 'confirmed', confirmedBy: 'red' });
  });

  it('confirming an undelivered commitment is refused with not_delivered', () => {
    const error = c.given([proposed, committed]).when(redDelegate, { type: 'confirm' }).thenError('not_delivered');
    expect(error.kind).toBe('conflict');
  });

  it('the committing party cannot confirm (or dispute) its own delivery', () => {
    c.given([proposed, committed, delivered()]).when(bluePrincipal, { type: 'confirm' }).thenError('own_delivery');
    c.given([proposed, committed, delivered()]).when(bluePrincipal, { type: 'dispute', reason: 'x' }).thenError('own_delivery');
  });

  it('a stale delivery id is refused', () => {
    c.given([proposed, committed, delivered()]).when(redDelegate, { type: 'confirm', delivery: 'e2' }).thenError('stale_delivery');
  });

  it('the counterpart disputes with a reason; the committing party can deliver again', () => {
    c.given([proposed, committed, delivered()]).when(redDelegate, { type: 'dispute', reason: ' ' }).thenError('reason_missing', 'reason');
    c.given([proposed, committed, delivered()]).when(redDelegate, { type: 'dispute', reason: 'Only the summary was published' })
      .then([{ type: 'commitment.disputed', body: { target: 'e1', delivery: 'e3', reason: 'Only the summary was published' } }]);
    const state = stateOf(commitments, [proposed, committed, delivered(), disputed]);
    expect(state?.status).toBe('disputed');
    expect(state?.disputes).toEqual([{ party: 'red', delivery: 'e3', reason: 'Only the summary was published', at: '2026-03-01T09:00:00.000Z' }]);
    c.given([proposed, committed, delivered(), disputed]).when(blueDelegate, { type: 'deliver', evidence })
      .then([{ type: 'commitment.delivered', body: { target: 'e1', evidence } }]);
    const again = stateOf(commitments, [proposed, committed, delivered(), disputed, delivered('2026-07-02T00:00:00.000Z')]);
    expect(again).toMatchObject({ status: 'delivered', delivery: 'e5', deliveredAt: '2026-07-02T00:00:00.000Z' });
  });
});

describe('withdrawal', () => {
  it('the proposer withdraws its proposal without needing a reason', () => {
    c.given([proposed]).when(redDelegate, { type: 'withdraw' }).then([{ type: 'commitment.withdrawn', body: { target: 'e1' } }]);
  });

  it('the committing party declines a proposal or withdraws a commitment only with a reason', () => {
    c.given([proposed]).when(blueDelegate, { type: 'withdraw' }).thenError('reason_missing', 'reason');
    c.given([proposed, committed]).when(blueDelegate, { type: 'withdraw', reason: 'Budget cut' })
      .then([{ type: 'commitment.withdrawn', body: { target: 'e1', reason: 'Budget cut' } }]);
    const state = stateOf(commitments, [proposed, committed, { party: 'blue', type: 'commitment.withdrawn', body: { target: 'e1', reason: 'Budget cut' } }]);
    expect(state).toMatchObject({ status: 'withdrawn', withdrawn: { party: 'blue', reason: 'Budget cut' } });
  });

  it('the proposer cannot withdraw once committed; nobody withdraws after delivery or once closed', () => {
    c.given([proposed, committed]).when(redDelegate, { type: 'withdraw', reason: 'x' }).thenError('not_committing_party');
    c.given([proposed, committed, delivered()]).when(blueDelegate, { type: 'withdraw', reason: 'x' }).thenError('already_delivered');
    const withdrawn: GivenEvent = { party: 'red', type: 'commitment.withdrawn', body: { target: 'e1' } };
    c.given([proposed, withdrawn]).when(blueDelegate, { type: 'withdraw', reason: 'x' }).thenError('commitment_closed');
    c.given([proposed, withdrawn]).when(blueDelegate, { type: 'update', progress: 5 }).thenError('commitment_closed');
  });
});

describe('overdue and on-time are computed, not recorded', () => {
  const state = stateOf(commitments, [proposed, committed])!;
  it('a committed commitment is overdue only after its due instant', () => {
    expect(statusAt(state, new Date('2026-06-30T23:59:59.999Z'))).toBe('committed');
    expect(statusAt(state, new Date('2026-07-01T00:00:00.000Z'))).toBe('overdue');
    expect(commitments.index(state).status).toBe('committed');
  });

  it('a date-time due date with an offset is compared as an instant', () => {
    const s = stateOf(commitments, [{ ...proposed, body: { ...proposed.body as object, due: '2026-06-30T12:00:00+08:00' } }, committed])!;
    expect(statusAt(s, new Date('2026-06-30T04:00:00.000Z'))).toBe('committed');
    expect(statusAt(s, new Date('2026-06-30T04:00:00.001Z'))).toBe('overdue');
    expect(commitments.index(s).date).toBe('2026-06-30T04:00:00.000Z');
  });

  it('proposed and delivered commitments are never overdue', () => {
    const late = new Date('2027-01-01T00:00:00.000Z');
    expect(statusAt(stateOf(commitments, [proposed])!, late)).toBe('proposed');
    expect(statusAt(stateOf(commitments, [proposed, committed, delivered()])!, late)).toBe('delivered');
  });

  it('delivered on time means at or before the due date', () => {
    expect(isDeliveredOnTime(state)).toBe(false);
    expect(isDeliveredOnTime(stateOf(commitments, [proposed, committed, delivered('2026-06-30T23:59:59.999Z')])!)).toBe(true);
    expect(isDeliveredOnTime(stateOf(commitments, [proposed, committed, delivered('2026-07-01T00:00:00.000Z')])!)).toBe(false);
  });
});

describe('a withheld proposal', () => {
  it('keeps its lifecycle but not its content; nobody can act for an unknown committing party', () => {
    const withheld = { ...proposed, body: undefined as never };
    const state = stateOf(commitments, [withheld, committed]);
    expect(state).toMatchObject({ status: 'committed', title: null, party: null, due: null, workingGroup: null });
    expect(commitments.index(state!)).toEqual({ status: 'committed', parent: null, party: null, date: null });
    expect(statusAt(state!, new Date('2030-01-01T00:00:00Z'))).toBe('committed');
    c.given([withheld]).when(bluePrincipal, { type: 'commit' }).thenError('content_withheld');
  });
});
