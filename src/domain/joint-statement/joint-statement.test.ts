import { describe, expect, it } from 'vitest';
import { actor, spec, stateOf, type GivenEvent } from '../testing/decider-spec.js';
import { jointStatements } from './index.js';

const js = spec(jointStatements);
const text = { en: 'The parties will test the hotline monthly.', 'zh-Hans': '双方将每月测试热线。' };
const proposed: GivenEvent = { party: 'red', type: 'joint_statement.proposed', body: { text, authentic: ['en', 'zh-Hans'], meeting: 'm1' } };
const redSigns: GivenEvent = { party: 'red', type: 'joint_statement.signed', body: { target: 'e1', version: 'e1' } };
const blueSigns = (version: string): GivenEvent => ({ party: 'blue', type: 'joint_statement.signed', body: { target: 'e1', version } });
const revised: GivenEvent = { party: 'blue', type: 'joint_statement.revised', body: { target: 'e1', text: { en: 'The parties will test the hotline weekly.' } } };
const redPrincipal = actor('red', 'principal');
const bluePrincipal = actor('blue', 'principal');

describe('joint statement', () => {
  it('given nothing, when a delegate proposes a bilingual text, then joint_statement.proposed', () => {
    js.given().when(actor('red', 'delegate'), { type: 'propose', text, authentic: ['zh-Hans', 'en'], meeting: 'm1' })
      .then([{ type: 'joint_statement.proposed', body: { text, authentic: ['en', 'zh-Hans'], meeting: 'm1' } }]);
  });

  it('refuses an empty text, an authentic language without a version, and a blank working group id', () => {
    js.given().when(redPrincipal, { type: 'propose', text: {} }).thenError('text_empty', 'text');
    js.given().when(redPrincipal, { type: 'propose', text, authentic: ['fr'] }).thenError('authentic_language_missing', 'authentic');
    // A name every object has is not a version of the text.
    js.given().when(redPrincipal, { type: 'propose', text, authentic: ['constructor'] }).thenError('authentic_language_missing', 'authentic');
    js.given().when(redPrincipal, { type: 'propose', text, workingGroup: '' }).thenError('reference_invalid', 'workingGroup');
    js.given().when(redPrincipal, { type: 'propose', text, meeting: 'm'.repeat(201) }).thenError('reference_invalid', 'meeting');
  });

  it('proposing is not signing: the proposal stays proposed until every principal signs', () => {
    const state = stateOf(jointStatements, [proposed])!;
    expect(state).toMatchObject({ status: 'proposed', version: 'e1', signatures: {}, meeting: 'm1' });
    js.given([proposed]).when(redPrincipal, { type: 'sign', version: 'e1' })
      .then([{ type: 'joint_statement.signed', body: { target: 'e1', version: 'e1' } }]);
    expect(stateOf(jointStatements, [proposed, redSigns])!.status).toBe('proposed');
  });

  it('given both principals sign the same version, then agreed, dated by the last signature', () => {
    const state = stateOf(jointStatements, [proposed, redSigns, { ...blueSigns('e1'), time: '2026-03-03T08:00:00.000Z' }])!;
    expect(state.status).toBe('agreed');
    expect(state.agreedAt).toBe('2026-03-03T08:00:00.000Z');
    expect(jointStatements.index(state)).toEqual({ status: 'agreed', parent: 'm1', party: 'red', date: '2026-03-03T08:00:00.000Z' });
  });

  it('only a principal signs for the party', () => {
    js.given([proposed]).when(actor('blue', 'delegate'), { type: 'sign', version: 'e1' }).thenError('role_not_allowed');
  });

  it('refuses signing twice and signing a stale version', () => {
    js.given([proposed, redSigns]).when(redPrincipal, { type: 'sign', version: 'e1' }).thenError('already_signed');
    js.given([proposed, revised]).when(bluePrincipal, { type: 'sign', version: 'e1' }).thenError('stale_version');
  });

  it('a revision is a new version: signatures of the old one no longer count', () => {
    const state = stateOf(jointStatements, [proposed, redSigns, revised, blueSigns('e3')])!;
    expect(state.version).toBe('e3');
    expect(state.versions.map((v) => v.id)).toEqual(['e1', 'e3']);
    expect(state.status).toBe('proposed');
    js.given([proposed, redSigns, revised, blueSigns('e3')]).when(redPrincipal, { type: 'sign', version: 'e3' })
      .then([{ type: 'joint_statement.signed', body: { target: 'e1', version: 'e3' } }]);
    expect(stateOf(jointStatements, [proposed, redSigns, revised, blueSigns('e3'),
      { party: 'red', type: 'joint_statement.signed', body: { target: 'e1', version: 'e3' } }])!.status).toBe('agreed');
  });

  it('a stale signature recorded anyway (crossed in federation) does not agree the new version', () => {
    expect(stateOf(jointStatements, [proposed, redSigns, revised, blueSigns('e1')])!.status).toBe('proposed');
  });

  it('either party may revise while proposed, but not with the same text, and not once agreed', () => {
    js.given([proposed]).when(bluePrincipal, { type: 'revise', text: { 'zh-Hans': text['zh-Hans'], en: text.en }, authentic: ['en', 'zh-Hans'] })
      .thenError('nothing_changed');
    js.given([proposed]).when(actor('blue', 'delegate'), { type: 'revise', text: { en: 'Weekly.' } })
      .then([{ type: 'joint_statement.revised', body: { target: 'e1', text: { en: 'Weekly.' } } }]);
    js.given([proposed, redSigns, blueSigns('e1')]).when(bluePrincipal, { type: 'revise', text: { en: 'x' } }).thenError('not_proposed');
  });

  it('the proposer withdraws with an optional reason; the other side cannot', () => {
    js.given([proposed]).when(bluePrincipal, { type: 'withdraw' }).thenError('not_proposer');
    js.given([proposed]).when(redPrincipal, { type: 'withdraw', reason: 'Overtaken by events' })
      .then([{ type: 'joint_statement.withdrawn', body: { target: 'e1', reason: 'Overtaken by events' } }]);
    const state = stateOf(jointStatements, [proposed, { party: 'red', type: 'joint_statement.withdrawn', body: { target: 'e1' } }])!;
    expect(state.status).toBe('withdrawn');
    expect(state.withdrawn).toEqual({ party: 'red', at: state.proposedAt, reason: null });
    js.given([proposed, { party: 'red', type: 'joint_statement.withdrawn', body: { target: 'e1' } }])
      .when(bluePrincipal, { type: 'sign', version: 'e1' }).thenError('not_proposed');
  });

  it('refuses commands on an unknown statement', () => {
    js.given().when(redPrincipal, { type: 'sign', version: 'e1' }).thenError('joint_statement_not_found', 'target');
  });

  it('a redacted proposal keeps its lifecycle but not its text', () => {
    const state = stateOf(jointStatements, [{ ...proposed, body: undefined as never }, redSigns, blueSigns('e1')])!;
    expect(state.status).toBe('agreed');
    expect(state.versions[0]!.text).toBeNull();
    expect(state.meeting).toBeNull();
  });
});
