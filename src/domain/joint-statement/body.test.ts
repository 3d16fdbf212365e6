// What the inbox accepts of another node's joint-statement events (body.ts): exactly what this
// node's decider writes. Given any lifecycle the decider goes through, then every body it
// writes passes the check; given a body no decider writes, then the check names the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodySpec } from '../testing/body-spec.js';
import { MAX_ID_LENGTH } from '../ids.js';
import { MAX_TEXT_LENGTH } from '../multilingual.js';
import { MAX_REASON_LENGTH } from '../reasons.js';
import { actor } from '../testing/decider-spec.js';
import { play, type Step } from '../testing/lifecycle.js';
import { jointStatements, type JointStatementCommand, type JointStatementState } from './index.js';

const redDelegate = actor('red', 'delegate');
const redPrincipal = actor('red', 'principal');
const blueDelegate = actor('blue', 'delegate');
const bluePrincipal = actor('blue', 'principal');
const ALL_TYPES = [...jointStatements.creates, ...jointStatements.changes];

const version = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
const text = fc.record({ en: version, 'zh-Hans': version }, { requiredKeys: ['en'] });
/** Text with the languages a member may call authentic: in any order, repeated, or none. */
const statement = text.chain((t) => fc.tuple(fc.constant(t), fc.option(fc.array(fc.constantFrom(...Object.keys(t)), { maxLength: 3 }), { nil: undefined })));
const reference = fc.option(fc.string({ minLength: 1, maxLength: MAX_ID_LENGTH }).filter((s) => s.trim() !== ''), { nil: undefined });
const reason = fc.option(fc.oneof(version, fc.constant(' ')), { nil: undefined });
const given = <T>(key: string, value: T | undefined): { [key: string]: T } => (value === undefined ? {} : { [key]: value });

type S = JointStatementState | undefined;
type Steps = Step<JointStatementState, JointStatementCommand>[];

const { refusalOf: refusal, refusal: fieldOf } = bodySpec(jointStatements);

describe('joint-statement bodies from another node', () => {
  it('given any lifecycle the decider goes through, when its events arrive, then every body passes', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(
      statement, statement, reference, reference, reason,
      ([first, firstAuthentic], [second, secondAuthentic], meeting, workingGroup, why) => {
        const propose: Steps[number] = [redDelegate, {
          type: 'propose', text: first, ...given('authentic', firstAuthentic), ...given('meeting', meeting), ...given('workingGroup', workingGroup),
        }];
        const sign = (who: typeof redPrincipal): Steps[number] => [who, (s: S) => ({ type: 'sign', version: s!.version })];
        // A counter-draft with a French version the proposal never has, so it always differs.
        const lifecycles: Steps[] = [
          [propose, sign(redPrincipal), [blueDelegate, { type: 'revise', text: { ...second, fr: 'Contre-projet' }, ...given('authentic', secondAuthentic) }],
            sign(bluePrincipal), sign(redPrincipal)],
          [propose, [redDelegate, { type: 'withdraw', ...given('reason', why) }]],
        ];
        for (const steps of lifecycles) {
          for (const event of play(jointStatements, steps)) {
            expect(refusal(event)).toBeUndefined();
            seen.add(event.type);
          }
        }
      },
    ));
    expect([...seen].sort()).toEqual([...ALL_TYPES].sort());
  });

  it('given bodies at the decider\'s limits, then they pass', () => {
    const long = { en: 'x'.repeat(MAX_TEXT_LENGTH), 'zh-Hans': '文'.repeat(MAX_TEXT_LENGTH) };
    const events = play(jointStatements, [
      [redDelegate, { type: 'propose', text: long, authentic: ['zh-Hans', 'en', 'en'], meeting: 'm'.repeat(MAX_ID_LENGTH), workingGroup: 'w'.repeat(MAX_ID_LENGTH) }],
      [redDelegate, { type: 'withdraw', reason: 'r'.repeat(MAX_REASON_LENGTH) }],
    ]);
    expect(events[0]!.body).toMatchObject({ authentic: ['en', 'zh-Hans'] });
    expect(events.map(refusal)).toEqual([undefined, undefined]);
  });

  it('given a withheld body, then nothing is checked', () => {
    expect(fieldOf('joint_statement.proposed', undefined)).toBeUndefined();
  });

  it('given bodies no decider writes, then each is refused naming the field', () => {
    const text = { en: 'The parties will test the hotline monthly.', 'zh-Hans': '双方将每月测试热线。' };
    const propose = (body: object) => fieldOf('joint_statement.proposed', { text, ...body });
    expect(propose({ authentic: ['en', 'zh-Hans'], meeting: 'm1', workingGroup: 'wg1' })).toBeUndefined();
    expect(fieldOf('joint_statement.proposed', 'text')).toBe('body_invalid body');
    expect(propose({ text: undefined })).toBe('text_invalid body.text');
    expect(propose({ text: ['The parties'] })).toBe('text_invalid body.text');
    expect(propose({ text: {} })).toBe('text_empty body.text');
    expect(propose({ text: { en: { nested: 'x' } } })).toBe('text_empty body.text.en');
    expect(propose({ text: { en: 'x'.repeat(MAX_TEXT_LENGTH + 1) } })).toBe('text_too_long body.text.en');
    expect(propose({ authentic: 'en' })).toBe('authentic_invalid body.authentic');
    expect(propose({ authentic: [1] })).toBe('authentic_invalid body.authentic');
    expect(propose({ authentic: [] })).toBe('authentic_invalid body.authentic');
    expect(propose({ authentic: ['zh-Hans', 'en'] })).toBe('authentic_invalid body.authentic');
    expect(propose({ authentic: ['en', 'en'] })).toBe('authentic_invalid body.authentic');
    expect(propose({ authentic: ['fr'] })).toBe('authentic_language_missing body.authentic');
    expect(propose({ meeting: '' })).toBe('reference_invalid body.meeting');
    expect(propose({ workingGroup: ['wg1'] })).toBe('reference_invalid body.workingGroup');
    expect(propose({ workingGroup: 'w'.repeat(MAX_ID_LENGTH + 1) })).toBe('reference_invalid body.workingGroup');
    expect(propose({ target: 'e1' })).toBe('field_unknown body.target');

    expect(fieldOf('joint_statement.revised', { target: 'e1', text })).toBeUndefined();
    expect(fieldOf('joint_statement.revised', { text })).toBe('target_invalid body.target');
    expect(fieldOf('joint_statement.revised', { target: 'e1', text, meeting: 'm1' })).toBe('field_unknown body.meeting');
    expect(fieldOf('joint_statement.signed', { target: 'e1', version: 'e1' })).toBeUndefined();
    expect(fieldOf('joint_statement.signed', { target: 'e1' })).toBe('version_invalid body.version');
    expect(fieldOf('joint_statement.signed', { target: 'e1', version: 3 })).toBe('version_invalid body.version');
    expect(fieldOf('joint_statement.signed', { target: 'e1', version: 'e1', member: 'red-principal' })).toBe('field_unknown body.member');
    expect(fieldOf('joint_statement.withdrawn', { target: 'e1' })).toBeUndefined();
    expect(fieldOf('joint_statement.withdrawn', { target: 'e1', reason: '' })).toBe('reason_missing body.reason');
    expect(fieldOf('joint_statement.withdrawn', { target: 'e1', reason: null })).toBe('reason_invalid body.reason');
    expect(fieldOf('joint_statement.withdrawn', { target: 'e1', reason: 'r'.repeat(MAX_REASON_LENGTH + 1) })).toBe('reason_too_long body.reason');
  });
});
